package io.s3posture.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an endpoint is AWS itself. Checks that need what only AWS reports (the SSE-C block, MFA
 * delete) are strict there; on other stores (moto, S3-compatible stores) a failure of such a check
 * proves nothing about the bucket. No endpoint override means AWS; so does an override whose host
 * is in AWS's own domains (FIPS, dual-stack and VPC interface endpoints, China regions).
 */
public final class AwsEndpoints {

  private static final String[] AWS_DOMAINS = {".amazonaws.com", ".amazonaws.com.cn", ".api.aws"};

  private AwsEndpoints() {}

  public static boolean isAws(Optional<URI> endpoint) {
    if (endpoint.isEmpty()) {
      return true;
    }
    String host = endpoint.get().getHost();
    if (host == null) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    for (String domain : AWS_DOMAINS) {
      if (lower.endsWith(domain)) {
        return true;
      }
    }
    return false;
  }
}
