package io.s3posture.localstack.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * S3's REST operations by method, path shape (service, bucket or object) and sub-resource query
 * key, as the S3 API reference defines them. Path-style addressing ({@code /bucket/key}), which is
 * what clients of moto use.
 */
final class S3RestOperations {

  /** A sub-resource and its operations by method; null where the method has none. */
  private record SubResource(String key, String get, String put, String delete, String post) {}

  private static final List<SubResource> BUCKET =
      List.of(
          new SubResource(
              "encryption",
              "GetBucketEncryption",
              "PutBucketEncryption",
              "DeleteBucketEncryption",
              null),
          new SubResource("policyStatus", "GetBucketPolicyStatus", null, null, null),
          new SubResource(
              "policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", null),
          new SubResource("versioning", "GetBucketVersioning", "PutBucketVersioning", null, null),
          new SubResource("acl", "GetBucketAcl", "PutBucketAcl", null, null),
          new SubResource(
              "ownershipControls",
              "GetBucketOwnershipControls",
              "PutBucketOwnershipControls",
              "DeleteBucketOwnershipControls",
              null),
          new SubResource(
              "publicAccessBlock",
              "GetPublicAccessBlock",
              "PutPublicAccessBlock",
              "DeletePublicAccessBlock",
              null),
          new SubResource(
              "object-lock",
              "GetObjectLockConfiguration",
              "PutObjectLockConfiguration",
              null,
              null),
          new SubResource(
              "replication",
              "GetBucketReplication",
              "PutBucketReplication",
              "DeleteBucketReplication",
              null),
          new SubResource("logging", "GetBucketLogging", "PutBucketLogging", null, null),
          new SubResource(
              "website", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite", null),
          new SubResource(
              "tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging", null),
          new SubResource("location", "GetBucketLocation", null, null, null),
          new SubResource(
              "lifecycle",
              "GetBucketLifecycleConfiguration",
              "PutBucketLifecycleConfiguration",
              "DeleteBucketLifecycle",
              null),
          new SubResource("cors", "GetBucketCors", "PutBucketCors", "DeleteBucketCors", null),
          new SubResource(
              "notification",
              "GetBucketNotificationConfiguration",
              "PutBucketNotificationConfiguration",
              null,
              null),
          new SubResource(
              "accelerate",
              "GetBucketAccelerateConfiguration",
              "PutBucketAccelerateConfiguration",
              null,
              null),
          new SubResource(
              "requestPayment", "GetBucketRequestPayment", "PutBucketRequestPayment", null, null),
          new SubResource("uploads", "ListMultipartUploads", null, null, null),
          new SubResource("versions", "ListObjectVersions", null, null, null),
          new SubResource("delete", null, null, null, "DeleteObjects"));

  /** Bucket configurations addressed by id; without {@code id} a GET lists them. */
  private static final Map<String, String> BY_ID =
      Map.of(
          "inventory", "Inventory",
          "analytics", "Analytics",
          "metrics", "Metrics",
          "intelligent-tiering", "IntelligentTiering");

  private static final List<SubResource> OBJECT =
      List.of(
          new SubResource("acl", "GetObjectAcl", "PutObjectAcl", null, null),
          new SubResource(
              "tagging", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging", null),
          new SubResource("retention", "GetObjectRetention", "PutObjectRetention", null, null),
          new SubResource("legal-hold", "GetObjectLegalHold", "PutObjectLegalHold", null, null),
          new SubResource("attributes", "GetObjectAttributes", null, null, null),
          new SubResource("uploads", null, null, null, "CreateMultipartUpload"),
          new SubResource("restore", null, null, null, "RestoreObject"),
          new SubResource("select", null, null, null, "SelectObjectContent"));

  private S3RestOperations() {}

  /** The operation name; {@code bucket} and {@code key} are empty for the service root. */
  static String name(
      String method, Optional<String> bucket, Optional<String> key, ProxyRequest request) {
    Map<String, List<String>> query = request.query();
    Optional<String> explicit = Optional.ofNullable(query.get("x-id")).map(v -> v.get(0));
    if (explicit.isPresent()) {
      return explicit.get(); // the SDKs name some operations themselves (?x-id=GetObject)
    }
    if (bucket.isEmpty()) {
      return method.equals("GET") ? "ListBuckets" : unknown(method, "/", query);
    }
    if (key.isEmpty()) {
      return bucketOperation(method, query);
    }
    return objectOperation(method, query, request.headers().contains("x-amz-copy-source"));
  }

  private static String bucketOperation(String method, Map<String, List<String>> query) {
    for (Map.Entry<String, String> byId : BY_ID.entrySet()) {
      if (query.containsKey(byId.getKey())) {
        String kind = byId.getValue();
        return switch (method) {
          case "GET" ->
              query.containsKey("id")
                  ? "GetBucket" + kind + "Configuration"
                  : "ListBucket" + kind + "Configurations";
          case "PUT" -> "PutBucket" + kind + "Configuration";
          case "DELETE" -> "DeleteBucket" + kind + "Configuration";
          default -> unknown(method, "/{bucket}", query);
        };
      }
    }
    Optional<String> sub = subResource(BUCKET, method, query, "/{bucket}");
    if (sub.isPresent()) {
      return sub.get();
    }
    return switch (method) {
      case "GET" -> "2".equals(first(query, "list-type")) ? "ListObjectsV2" : "ListObjects";
      case "HEAD" -> "HeadBucket";
      case "PUT" -> "CreateBucket";
      case "DELETE" -> "DeleteBucket";
      default -> unknown(method, "/{bucket}", query);
    };
  }

  private static String objectOperation(
      String method, Map<String, List<String>> query, boolean copySource) {
    if (query.containsKey("uploadId")) {
      return switch (method) {
        case "GET" -> "ListParts";
        case "PUT" -> copySource ? "UploadPartCopy" : "UploadPart";
        case "POST" -> "CompleteMultipartUpload";
        case "DELETE" -> "AbortMultipartUpload";
        default -> unknown(method, "/{bucket}/{key}", query);
      };
    }
    Optional<String> sub = subResource(OBJECT, method, query, "/{bucket}/{key}");
    if (sub.isPresent()) {
      return sub.get();
    }
    return switch (method) {
      case "GET" -> "GetObject";
      case "HEAD" -> "HeadObject";
      case "PUT" -> copySource ? "CopyObject" : "PutObject";
      case "DELETE" -> "DeleteObject";
      default -> unknown(method, "/{bucket}/{key}", query);
    };
  }

  private static Optional<String> subResource(
      List<SubResource> table, String method, Map<String, List<String>> query, String shape) {
    for (SubResource sub : table) {
      if (query.containsKey(sub.key())) {
        String name =
            switch (method) {
              case "GET" -> sub.get();
              case "PUT" -> sub.put();
              case "DELETE" -> sub.delete();
              case "POST" -> sub.post();
              default -> null;
            };
        return Optional.of(name != null ? name : unknown(method, shape, query));
      }
    }
    return Optional.empty();
  }

  private static String first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null ? null : values.get(0);
  }

  /** A request the table does not know, named by its shape so it can still be counted. */
  private static String unknown(String method, String shape, Map<String, List<String>> query) {
    return method + " " + shape + (query.isEmpty() ? "" : "?" + String.join("&", query.keySet()));
  }
}
