package io.s3posture.localstack.proxy;

/** S3 Control's REST operations under {@code /v20180820/} that the product and its tests use. */
final class S3ControlOperations {

  private S3ControlOperations() {}

  static String name(String method, String path) {
    String[] segments = path.substring("/v20180820/".length()).split("/");
    String first = segments[0];
    if (first.equals("configuration")
        && segments.length > 1
        && segments[1].equals("publicAccessBlock")) {
      return byMethod(
          method, "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock", path);
    }
    if (first.equals("accesspoint")) {
      if (segments.length == 1) {
        return method.equals("GET") ? "ListAccessPoints" : unknown(method, path);
      }
      if (segments.length == 2) {
        return byMethod(method, "GetAccessPoint", "CreateAccessPoint", "DeleteAccessPoint", path);
      }
      if (segments[2].equals("policy")) {
        return byMethod(
            method,
            "GetAccessPointPolicy",
            "PutAccessPointPolicy",
            "DeleteAccessPointPolicy",
            path);
      }
      if (segments[2].equals("policyStatus")) {
        return method.equals("GET") ? "GetAccessPointPolicyStatus" : unknown(method, path);
      }
    }
    if (first.equals("jobs")) {
      if (segments.length == 1) {
        return method.equals("POST")
            ? "CreateJob"
            : method.equals("GET") ? "ListJobs" : unknown(method, path);
      }
      return method.equals("GET") ? "DescribeJob" : unknown(method, path);
    }
    if (first.equals("tags")) {
      return switch (method) {
        case "GET" -> "ListTagsForResource";
        case "POST" -> "TagResource";
        case "DELETE" -> "UntagResource";
        default -> unknown(method, path);
      };
    }
    return unknown(method, "/v20180820/" + first);
  }

  private static String byMethod(
      String method, String get, String put, String delete, String path) {
    return switch (method) {
      case "GET" -> get;
      case "PUT" -> put;
      case "DELETE" -> delete;
      default -> unknown(method, path);
    };
  }

  private static String unknown(String method, String path) {
    return method + " " + path;
  }
}
