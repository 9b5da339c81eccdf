package io.s3posture.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.GetAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.ListAccessPointsResponse;
import software.amazon.awssdk.services.s3control.model.ListMultiRegionAccessPointsResponse;
import software.amazon.awssdk.services.s3control.model.MultiRegionAccessPointPolicyDocument;
import software.amazon.awssdk.services.s3control.model.MultiRegionAccessPointReport;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3control.model.RegionReport;

/**
 * Reads access points through S3 Control: the list (paginated), then per access point its Block
 * Public Access (GetAccessPoint) and policy (GetAccessPointPolicy); multi-region access points come
 * with their flags and buckets in the list, their policy by GetMultiRegionAccessPointPolicy.
 */
final class SdkAccessPoints {

  private static final int PAGE = 1000;
  private static final int MULTI_REGION_PAGE = 100;

  private SdkAccessPoints() {}

  /** The account's access points in the client's region, of {@code bucket} only when given. */
  static List<AccessPoint> regional(
      S3ControlClient s3Control, String accountId, Optional<String> bucket) {
    List<AccessPoint> points = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListAccessPointsResponse page =
          call(
              "ListAccessPoints",
              () ->
                  s3Control.listAccessPoints(
                      r ->
                          r.accountId(accountId)
                              .bucket(bucket.orElse(null))
                              .maxResults(PAGE)
                              .nextToken(next)));
      for (var listed : page.accessPointList()) {
        if (listed.bucket() == null) {
          continue; // an access point of another data source (FSx): no bucket behind it
        }
        points.add(regional(s3Control, accountId, listed.name()));
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return points;
  }

  private static AccessPoint regional(S3ControlClient s3Control, String accountId, String name) {
    GetAccessPointResponse point =
        call(
            "GetAccessPoint",
            () -> s3Control.getAccessPoint(r -> r.accountId(accountId).name(name)));
    Optional<String> policy =
        optional(
            "GetAccessPointPolicy",
            "NoSuchAccessPointPolicy",
            () -> s3Control.getAccessPointPolicy(r -> r.accountId(accountId).name(name)).policy());
    return AccessPoint.regional(
        name,
        point.bucket(),
        Optional.ofNullable(point.networkOriginAsString()).orElse("Internet"),
        flags(point.publicAccessBlockConfiguration()),
        policy.filter(p -> !p.isBlank()));
  }

  /** The account's multi-region access points, with their policies. */
  static List<AccessPoint> multiRegion(S3ControlClient s3Control, String accountId) {
    List<AccessPoint> points = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListMultiRegionAccessPointsResponse page =
          call(
              "ListMultiRegionAccessPoints",
              () ->
                  s3Control.listMultiRegionAccessPoints(
                      r -> r.accountId(accountId).maxResults(MULTI_REGION_PAGE).nextToken(next)));
      for (MultiRegionAccessPointReport report : page.accessPoints()) {
        points.add(
            new AccessPoint(
                report.name(),
                report.regions().stream().map(RegionReport::bucket).toList(),
                true,
                Optional.empty(),
                flags(report.publicAccessBlock()),
                multiRegionPolicies(s3Control, accountId, report.name())));
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return points;
  }

  private static List<String> multiRegionPolicies(
      S3ControlClient s3Control, String accountId, String name) {
    Optional<MultiRegionAccessPointPolicyDocument> document =
        optional(
            "GetMultiRegionAccessPointPolicy",
            "NoSuchMultiRegionAccessPointPolicy",
            () ->
                s3Control
                    .getMultiRegionAccessPointPolicy(r -> r.accountId(accountId).name(name))
                    .policy());
    List<String> policies = new ArrayList<>();
    document.ifPresent(
        d -> {
          if (d.established() != null && d.established().policy() != null) {
            policies.add(d.established().policy());
          }
          if (d.proposed() != null
              && d.proposed().policy() != null
              && !policies.contains(d.proposed().policy())) {
            policies.add(d.proposed().policy());
          }
        });
    return policies.stream().filter(p -> !p.isBlank()).toList();
  }

  /** An unset configuration or flag is off, as S3 reads it. */
  private static PublicAccessBlock flags(PublicAccessBlockConfiguration c) {
    if (c == null) {
      return PublicAccessBlock.NONE;
    }
    return PublicAccessBlock.of(
        c.blockPublicAcls(),
        c.ignorePublicAcls(),
        c.blockPublicPolicy(),
        c.restrictPublicBuckets());
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }

  private static <T> Optional<T> optional(String operation, String notFound, Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && notFound.equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw AwsErrorClassifier.classify(operation, e);
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }
}
