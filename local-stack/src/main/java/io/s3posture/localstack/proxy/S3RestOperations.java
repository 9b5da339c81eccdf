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

  /** Bucket sub-resources: query key, then the GET, PUT, DELETE and POST operation ("-": none). */
  private static final List<SubResource> BUCKET =
      table(
          """
          encryption         GetBucketEncryption                 PutBucketEncryption                 DeleteBucketEncryption         -
          policyStatus       GetBucketPolicyStatus               -                                   -                              -
          policy             GetBucketPolicy                     PutBucketPolicy                     DeleteBucketPolicy             -
          versioning         GetBucketVersioning                 PutBucketVersioning                 -                              -
          acl                GetBucketAcl                        PutBucketAcl                        -                              -
          ownershipControls  GetBucketOwnershipControls          PutBucketOwnershipControls          DeleteBucketOwnershipControls  -
          publicAccessBlock  GetPublicAccessBlock                PutPublicAccessBlock                DeletePublicAccessBlock        -
          object-lock        GetObjectLockConfiguration          PutObjectLockConfiguration          -                              -
          replication        GetBucketReplication                PutBucketReplication                DeleteBucketReplication        -
          logging            GetBucketLogging                    PutBucketLogging                    -                              -
          website            GetBucketWebsite                    PutBucketWebsite                    DeleteBucketWebsite            -
          tagging            GetBucketTagging                    PutBucketTagging                    DeleteBucketTagging            -
          location           GetBucketLocation                   -                                   -                              -
          lifecycle          GetBucketLifecycleConfiguration     PutBucketLifecycleConfiguration     DeleteBucketLifecycle          -
          cors               GetBucketCors                       PutBucketCors                       DeleteBucketCors               -
          notification       GetBucketNotificationConfiguration  PutBucketNotificationConfiguration  -                              -
          accelerate         GetBucketAccelerateConfiguration    PutBucketAccelerateConfiguration    -                              -
          requestPayment     GetBucketRequestPayment             PutBucketRequestPayment             -                              -
          uploads            ListMultipartUploads                -                                   -                              -
          versions           ListObjectVersions                  -                                   -                              -
          delete             -                                   -                                   -                              DeleteObjects
          """);

  /** Bucket configurations addressed by id; without {@code id} a GET lists them. */
  private static final Map<String, String> BY_ID =
      Map.of(
          "inventory", "Inventory",
          "analytics", "Analytics",
          "metrics", "Metrics",
          "intelligent-tiering", "IntelligentTiering");

  /** Object sub-resources, as {@link #BUCKET}. */
  private static final List<SubResource> OBJECT =
      table(
          """
          acl         GetObjectAcl         PutObjectAcl         -                    -
          tagging     GetObjectTagging     PutObjectTagging     DeleteObjectTagging  -
          retention   GetObjectRetention   PutObjectRetention   -                    -
          legal-hold  GetObjectLegalHold   PutObjectLegalHold   -                    -
          attributes  GetObjectAttributes  -                    -                    -
          uploads     -                    -                    -                    CreateMultipartUpload
          restore     -                    -                    -                    RestoreObject
          select      -                    -                    -                    SelectObjectContent
          """);

  private static List<SubResource> table(String rows) {
    return rows.lines()
        .filter(line -> !line.isBlank())
        .map(line -> line.trim().split("\\s+"))
        .map(c -> new SubResource(c[0], op(c[1]), op(c[2]), op(c[3]), op(c[4])))
        .toList();
  }

  private static String op(String cell) {
    return cell.equals("-") ? null : cell;
  }

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
