package io.s3posture.aws;

import static io.s3posture.aws.StubJsonServer.error;
import static io.s3posture.aws.StubJsonServer.ok;
import static io.s3posture.aws.StubJsonServer.restError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3posture.metrics.AwsCallMetrics;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The detection gateway against AWS's real JSON answers, for what moto lacks or cannot show: shadow
 * trails answered in their home region, advanced selectors, trails deleted meanwhile, the newer
 * Config recording strategies, GuardDuty features, Macie not enabled or paused, "not subscribed"
 * answers, throttling. Each test checks the domain answer and the request the client sent.
 */
class SdkDetectionGatewayTest {

  private static final String REGION = "eu-west-1";
  private static final String HOME = "us-east-1";
  private static final String OWN_ARN = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/own";
  private static final String ORG_ARN = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @RegisterExtension
  static final StubJsonServer stub =
      new StubJsonServer(List.of(new AwsCallMetrics(meters)), List.of(new MarkRequests()), 3);

  private static final DetectionGateway gateway = stub.gateway(REGION);

  /** An interceptor that changes the HTTP request, as the SDK lets interceptors do. */
  private static final class MarkRequests implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder()
          .putHeader("x-marked-by", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          .build();
    }
  }

  @BeforeEach
  void reset() {
    stub.reset();
    meters.clear();
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // CloudTrail

  private static void twoTrails() {
    stub.answer(
        "DescribeTrails",
        "{\"trailList\":[{\"Name\":\"own\",\"S3BucketName\":\"trail-logs\","
            + "\"IsMultiRegionTrail\":false,\"HomeRegion\":\"eu-west-1\",\"TrailARN\":\""
            + OWN_ARN
            + "\",\"HasCustomEventSelectors\":true,\"IsOrganizationTrail\":false},"
            + "{\"Name\":\""
            + ORG_ARN
            + "\",\"S3BucketName\":\"org-trail-logs\",\"IsMultiRegionTrail\":true,"
            + "\"HomeRegion\":\"us-east-1\",\"TrailARN\":\""
            + ORG_ARN
            + "\",\"HasCustomEventSelectors\":true,\"IsOrganizationTrail\":true}]}");
  }

  @Test
  void trailsWithStatusAndSelectorsShadowTrailsReadInTheirHomeRegion() {
    twoTrails();
    stub.answer(
        "GetTrailStatus",
        ok("{\"IsLogging\":false}"),
        ok("{\"IsLogging\":true,\"LatestDeliveryTime\":1.7E9}"));
    stub.answer(
        "GetEventSelectors",
        ok(
            "{\"TrailARN\":\""
                + OWN_ARN
                + "\",\"EventSelectors\":[{\"ReadWriteType\":\"WriteOnly\","
                + "\"IncludeManagementEvents\":true,\"DataResources\":[{\"Type\":"
                + "\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}],"
                + "\"ExcludeManagementEventSources\":[]}]}"),
        ok(
            "{\"TrailARN\":\""
                + ORG_ARN
                + "\",\"AdvancedEventSelectors\":[{\"Name\":\"S3 data events but the trail"
                + " bucket\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":"
                + "[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]},"
                + "{\"Field\":\"resources.ARN\",\"NotStartsWith\":"
                + "[\"arn:aws:s3:::org-trail-logs/\"]}]}]}"));

    List<Trail> trails = gateway.trails();

    assertThat(trails).hasSize(2);
    Trail own = trails.get(0);
    Trail org = trails.get(1);
    assertThat(own)
        .isEqualTo(
            new Trail(
                "own",
                OWN_ARN,
                REGION,
                false,
                false,
                false,
                new EventSelectors(
                    List.of(
                        new EventSelectors.Basic(
                            EventSelectors.ReadWriteType.WRITE_ONLY,
                            true,
                            List.of(
                                new EventSelectors.DataResource(
                                    "AWS::S3::Object", List.of("arn:aws:s3"))))),
                    List.of())));
    assertThat(own.s3DataEventsLoggedForAllBuckets()).as("stopped").isEmpty();
    assertThat(org.homeRegion()).isEqualTo(HOME);
    assertThat(org.multiRegion()).isTrue();
    assertThat(org.organizationTrail()).isTrue();
    assertThat(org.logging()).isTrue();
    assertThat(org.selectors().advanced().get(0).fieldSelectors())
        .contains(
            new EventSelectors.FieldSelector(
                "resources.ARN",
                Map.of(
                    EventSelectors.Operator.NOT_STARTS_WITH,
                    List.of("arn:aws:s3:::org-trail-logs/"))));
    assertThat(org.s3DataEventsLoggedFor("payments"))
        .isEqualTo(EnumSet.allOf(DataEventAccess.class));
    assertThat(org.s3DataEventsLoggedFor("org-trail-logs")).isEmpty();

    StubJsonServer.Request describe = stub.requests("DescribeTrails").get(0);
    assertThat(json(describe.body()).path("includeShadowTrails").asBoolean()).isTrue();
    assertThat(describe.signingRegion()).isEqualTo(REGION);
    assertThat(describe.signingService()).isEqualTo("cloudtrail");
    List<StubJsonServer.Request> status = stub.requests("GetTrailStatus");
    assertThat(status)
        .extracting(r -> json(r.body()).path("Name").asText())
        .containsExactly(OWN_ARN, ORG_ARN);
    assertThat(status)
        .extracting(StubJsonServer.Request::signingRegion)
        .containsExactly(REGION, HOME);
    assertThat(stub.requests("GetEventSelectors"))
        .extracting(r -> json(r.body()).path("TrailName").asText())
        .containsExactly(OWN_ARN, ORG_ARN);
    assertThat(stub.requests("GetEventSelectors"))
        .extracting(StubJsonServer.Request::signingRegion)
        .containsExactly(REGION, HOME);
  }

  @Test
  void aTrailDeletedBetweenTheCallsIsLeftOut() {
    twoTrails();
    stub.answer(
        "GetTrailStatus",
        error(400, "TrailNotFoundException", "Unknown trail: own for the user: 111122223333"),
        ok("{\"IsLogging\":true}"));
    stub.answer(
        "GetEventSelectors",
        "{\"TrailARN\":\"" + ORG_ARN + "\",\"EventSelectors\":[],\"AdvancedEventSelectors\":[]}");

    assertThat(gateway.trails()).extracting(Trail::arn).containsExactly(ORG_ARN);
  }

  @Test
  void noTrails() {
    stub.answer("DescribeTrails", "{\"trailList\":[]}");

    assertThat(gateway.trails()).isEmpty();
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void aDeniedCallIsAClassifiedFailure() {
    stub.answer(
        "DescribeTrails",
        error(
            400,
            "AccessDeniedException",
            "User: arn:aws:sts::111122223333:assumed-role/s3-posture/x is not authorized to"
                + " perform: cloudtrail:DescribeTrails"));

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> gateway.trails());

    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.operation()).isEqualTo("DescribeTrails");
    assertThat(failure.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(failure.getMessage()).contains("cloudtrail:DescribeTrails");
  }

  // AWS Config

  @Test
  void configRecordersWithTheirStatusAndRecordingGroups() {
    stub.answer(
        "DescribeConfigurationRecorders",
        "{\"ConfigurationRecorders\":["
            + "{\"name\":\"default\",\"roleARN\":\"arn:aws:iam::111122223333:role/config\","
            + "\"recordingGroup\":{\"allSupported\":false,\"includeGlobalResourceTypes\":false,"
            + "\"resourceTypes\":[],\"exclusionByResourceTypes\":{\"resourceTypes\":"
            + "[\"AWS::S3::Bucket\",\"AWS::EC2::Volume\"]},\"recordingStrategy\":"
            + "{\"useOnly\":\"EXCLUSION_BY_RESOURCE_TYPES\"}},"
            + "\"recordingMode\":{\"recordingFrequency\":\"CONTINUOUS\"}},"
            + "{\"name\":\"legacy\",\"roleARN\":\"arn:aws:iam::111122223333:role/config\","
            + "\"recordingGroup\":{\"allSupported\":true,\"includeGlobalResourceTypes\":true}},"
            + "{\"name\":\"s3-only\",\"recordingGroup\":{\"allSupported\":false,"
            + "\"resourceTypes\":[\"AWS::S3::Bucket\"]}}]}");
    stub.answer(
        "DescribeConfigurationRecorderStatus",
        "{\"ConfigurationRecordersStatus\":["
            + "{\"name\":\"default\",\"lastStartTime\":1.7E9,\"recording\":true,"
            + "\"lastStatus\":\"SUCCESS\",\"lastStatusChangeTime\":1.7E9},"
            + "{\"name\":\"legacy\",\"recording\":false,\"lastStatus\":\"FAILURE\","
            + "\"lastErrorCode\":\"AccessDenied\"}]}");

    List<ConfigRecorder> recorders = gateway.configRecorders();

    assertThat(recorders)
        .containsExactly(
            new ConfigRecorder(
                "default",
                true,
                Optional.of("SUCCESS"),
                false,
                Set.of(),
                Set.of("AWS::S3::Bucket", "AWS::EC2::Volume"),
                Optional.of(ConfigRecorder.Strategy.EXCLUSION_BY_RESOURCE_TYPES)),
            new ConfigRecorder(
                "legacy",
                false,
                Optional.of("FAILURE"),
                true,
                Set.of(),
                Set.of(),
                Optional.empty()),
            new ConfigRecorder(
                "s3-only",
                false,
                Optional.empty(),
                false,
                Set.of("AWS::S3::Bucket"),
                Set.of(),
                Optional.empty()));
    assertThat(recorders).extracting(ConfigRecorder::recordsS3Buckets).containsOnly(false);
    assertThat(recorders.get(1).records(ConfigRecorder.S3_BUCKET)).isTrue();
    assertThat(recorders.get(2).records(ConfigRecorder.S3_BUCKET)).isTrue();

    StubJsonServer.Request request = stub.requests("DescribeConfigurationRecorders").get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.header("x-amz-target"))
        .contains("StarlingDoveService.DescribeConfigurationRecorders");
    assertThat(request.header("content-type")).contains("application/x-amz-json-1.1");
    assertThat(request.body()).isEqualTo("{}");
    assertThat(request.signingService()).isEqualTo("config");
    assertThat(request.signingRegion()).isEqualTo(REGION);
  }

  @Test
  void noConfigRecorder() {
    stub.answer("DescribeConfigurationRecorders", "{\"ConfigurationRecorders\":[]}");

    assertThat(gateway.configRecorders()).isEmpty();
    assertThat(stub.requests("DescribeConfigurationRecorderStatus")).isEmpty();
  }

  @Test
  void aRecorderWithoutStatusIsNotRecording() {
    stub.answer(
        "DescribeConfigurationRecorders",
        "{\"ConfigurationRecorders\":[{\"name\":\"default\",\"recordingGroup\":"
            + "{\"allSupported\":true,\"recordingStrategy\":{\"useOnly\":"
            + "\"ALL_SUPPORTED_RESOURCE_TYPES\"}}}]}");
    stub.answer(
        "DescribeConfigurationRecorderStatus",
        error(400, "NoSuchConfigurationRecorderException", "Cannot find recorder"));

    ConfigRecorder recorder = gateway.configRecorders().get(0);

    assertThat(recorder.recording()).isFalse();
    assertThat(recorder.records(ConfigRecorder.S3_BUCKET)).isTrue();
    assertThat(recorder.recordsS3Buckets()).isFalse();
  }

  // GuardDuty

  private static final String DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";

  @Test
  void detectorsArePagedAndS3ProtectionIsTheS3DataEventsFeature() {
    stub.answer(
        "GET /detector/" + DETECTOR,
        "{\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"findingPublishingFrequency\":"
            + "\"SIX_HOURS\",\"serviceRole\":\"arn:aws:iam::111122223333:role/aws-service-role/"
            + "guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty\",\"status\":\"ENABLED\","
            + "\"dataSources\":{\"s3Logs\":{\"status\":\"ENABLED\"}},\"tags\":{},"
            + "\"features\":[{\"name\":\"CLOUD_TRAIL\",\"status\":\"ENABLED\"},"
            + "{\"name\":\"S3_DATA_EVENTS\",\"status\":\"DISABLED\",\"updatedAt\":1.7E9}]}");
    stub.answer(
        "GET /detector",
        ok("{\"detectorIds\":[\"" + DETECTOR + "\"],\"nextToken\":\"p/2\"}"),
        ok("{\"detectorIds\":[]}"));

    List<GuardDutyDetector> detectors = gateway.guardDutyDetectors();

    assertThat(detectors).containsExactly(new GuardDutyDetector(DETECTOR, true, false));
    assertThat(detectors.get(0).protectsS3()).isFalse();
    assertThat(stub.requests("GET /detector"))
        .extracting(StubJsonServer.Request::path)
        .containsExactly("/detector", "/detector?nextToken=p%2F2");
    assertThat(stub.requests("GET /detector").get(0).signingService()).isEqualTo("guardduty");
  }

  @Test
  void anOlderDetectorReportsS3ProtectionAsADataSource() {
    stub.answer("GET /detector", "{\"detectorIds\":[\"" + DETECTOR + "\"]}");
    stub.answer(
        "GET /detector/" + DETECTOR,
        "{\"status\":\"ENABLED\",\"dataSources\":{\"cloudTrail\":{\"status\":\"ENABLED\"},"
            + "\"s3Logs\":{\"status\":\"ENABLED\"}}}");

    assertThat(gateway.guardDutyDetectors())
        .singleElement()
        .satisfies(detector -> assertThat(detector.protectsS3()).isTrue());
  }

  @Test
  void aDisabledDetectorProtectsNothing() {
    stub.answer("GET /detector", "{\"detectorIds\":[\"" + DETECTOR + "\"]}");
    stub.answer(
        "GET /detector/" + DETECTOR,
        "{\"status\":\"DISABLED\",\"features\":[{\"name\":\"S3_DATA_EVENTS\","
            + "\"status\":\"ENABLED\"}]}");

    GuardDutyDetector detector = gateway.guardDutyDetectors().get(0);

    assertThat(detector).isEqualTo(new GuardDutyDetector(DETECTOR, false, true));
    assertThat(detector.protectsS3()).isFalse();
  }

  @Test
  void notSubscribedMeansNoDetector() {
    stub.answer(
        "GET /detector",
        restError(
            403,
            "SubscriptionRequiredException",
            "The AWS Access Key Id needs a subscription for the service"));

    assertThat(gateway.guardDutyDetectors()).isEmpty();
  }

  @Test
  void throttlingIsRetriedAndCountedOnce() {
    stub.answer(
        "GET /detector",
        restError(429, "TooManyRequestsException", "Rate exceeded"),
        ok("{\"detectorIds\":[]}"));

    assertThat(gateway.guardDutyDetectors()).isEmpty();

    assertThat(stub.requests("GET /detector")).hasSize(2);
    assertThat(
            meters
                .get(AwsCallMetrics.CALLS)
                .tags("service", "GuardDuty", "operation", "ListDetectors", "outcome", "success")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void throttlingThatOutlastsTheAttemptsIsATransientFailure() {
    stub.answer("GET /detector", restError(429, "TooManyRequestsException", "Rate exceeded"));

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> gateway.guardDutyDetectors());

    assertThat(failure.kind()).isEqualTo(FailureKind.THROTTLED);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.operation()).isEqualTo("ListDetectors");
    assertThat(stub.requests("GET /detector")).hasSize(3);
    assertThat(
            meters
                .get(AwsCallMetrics.CALLS)
                .tags("service", "GuardDuty", "operation", "ListDetectors", "outcome", "throttled")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  // Macie

  @Test
  void macieEnabledOrPaused() {
    stub.answer(
        "GET /macie",
        ok(
            "{\"createdAt\":\"2024-01-01T00:00:00Z\",\"findingPublishingFrequency\":"
                + "\"FIFTEEN_MINUTES\",\"serviceRole\":\"arn:aws:iam::111122223333:role/x\","
                + "\"status\":\"ENABLED\",\"updatedAt\":\"2024-01-01T00:00:00Z\"}"),
        ok("{\"status\":\"PAUSED\"}"));

    assertThat(gateway.macie()).isEqualTo(MacieStatus.ENABLED);
    assertThat(gateway.macie()).isEqualTo(MacieStatus.PAUSED);
    StubJsonServer.Request request = stub.requests("GET /macie").get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.signingService()).isEqualTo("macie2");
    assertThat(request.header("x-marked-by")).contains("GetMacieSession");
    assertThat(request.header("authorization").orElseThrow()).contains("x-marked-by");
  }

  @Test
  void macieNotEnabledIsAnAnswer() {
    stub.answer("GET /macie", restError(401, "AccessDeniedException", "Macie is not enabled."));

    assertThat(gateway.macie()).isEqualTo(MacieStatus.NOT_ENABLED);

    stub.answer(
        "GET /macie",
        restError(
            404,
            "ResourceNotFoundException",
            "The request failed because the specified resource doesn't exist."));

    assertThat(gateway.macie())
        .as("no session: moto after DisableMacie")
        .isEqualTo(MacieStatus.NOT_ENABLED);
  }

  @Test
  void aMissingMaciePermissionIsAFailure() {
    stub.answer(
        "GET /macie",
        restError(
            403,
            "AccessDeniedException",
            "User: arn:aws:sts::111122223333:assumed-role/s3-posture/x is not authorized to"
                + " perform: macie2:GetMacieSession"));

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> gateway.macie());

    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.operation()).isEqualTo("GetMacieSession");
  }
}
