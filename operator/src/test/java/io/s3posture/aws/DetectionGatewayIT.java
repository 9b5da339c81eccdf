package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * The detection gateway and the SSE-C block against moto 5.2.1. Trails, recorders, detectors and
 * Macie are account-wide state of moto's one account (the server runs with MOTO_ACCOUNT_ID, which
 * wins over the x-moto-account-id header), so the class holds the account lock and removes what
 * each test created. Only what moto implements is asserted here; advanced selectors on shadow
 * trails, GuardDuty features beyond the echo, Macie not enabled or paused, and reading
 * BlockedEncryptionTypes back are proven against AWS's wire format in {@link
 * SdkDetectionGatewayTest} and {@link SdkS3GatewayEncryptionTest}.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class DetectionGatewayIT {

  private static final String ACCOUNT = TestStack.ACCOUNT_ID;
  private static final String REGION = "eu-north-1";
  private static final String HOME = "eu-west-3";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsClientFactory factory;
  private AwsTarget target;
  private DetectionGateway gateway;

  @BeforeAll
  void clients(TestStack stack) {
    factory = new AwsClientFactory(List.of(), 3);
    target = AwsTarget.of(REGION).withEndpoint(stack.moto().endpoint());
    gateway = SdkDetectionGateway.of(factory, target);
  }

  @AfterAll
  void close() {
    factory.close();
  }

  /** Leaves the account's detection services as the other tests expect them: none. */
  @AfterEach
  void removeDetectionServices() {
    for (String region : List.of(REGION, HOME)) {
      AwsClients clients = clients(region);
      clients
          .cloudTrail()
          .describeTrails(r -> r.includeShadowTrails(false))
          .trailList()
          // by name: moto 5.2.1 answers DeleteTrail with an ARN with success and keeps the trail
          .forEach(trail -> clients.cloudTrail().deleteTrail(r -> r.name(trail.name())));
    }
    AwsClients clients = clients(REGION);
    for (ConfigRecorder recorder : gateway.configRecorders()) {
      JsonNode name = json("{\"ConfigurationRecorderName\":\"" + recorder.name() + "\"}");
      clients.config().json11("StarlingDoveService", "StopConfigurationRecorder", name);
      clients.config().json11("StarlingDoveService", "DeleteConfigurationRecorder", name);
    }
    clients
        .config()
        .json11("StarlingDoveService", "DescribeDeliveryChannels", json("{}"))
        .path("DeliveryChannels")
        .forEach(
            channel ->
                clients
                    .config()
                    .json11(
                        "StarlingDoveService",
                        "DeleteDeliveryChannel",
                        json(
                            "{\"DeliveryChannelName\":\""
                                + channel.path("name").asText()
                                + "\"}")));
    for (GuardDutyDetector detector : gateway.guardDutyDetectors()) {
      clients
          .guardDuty()
          .rest("DeleteDetector", SdkHttpMethod.DELETE, "/detector/" + detector.id(), null);
    }
    clients.macie().rest("DisableMacie", SdkHttpMethod.DELETE, "/macie", null);
  }

  private AwsClients clients(String region) {
    return factory.clientsFor(target.withRegion(region));
  }

  private String bucket(String prefix, String region) {
    String bucket = TestStack.uniqueBucketName(prefix);
    clients(region)
        .s3()
        .createBucket(
            r ->
                r.bucket(bucket)
                    .createBucketConfiguration(
                        c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
    return bucket;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void trailsOfTheRegionAndShadowsOfMultiRegionTrailsWithStatusAndSelectors() {
    String logs = bucket("trail-logs", REGION);
    String homeLogs = bucket("home-trail-logs", HOME);
    String payments = TestStack.uniqueBucketName("payments");
    CloudTrailClient here = clients(REGION).cloudTrail();
    CloudTrailClient home = clients(HOME).cloudTrail();
    here.createTrail(r -> r.name("payments-writes").s3BucketName(logs));
    here.putEventSelectors(
        r ->
            r.trailName("payments-writes")
                .eventSelectors(
                    s ->
                        s.readWriteType(ReadWriteType.WRITE_ONLY)
                            .includeManagementEvents(true)
                            .dataResources(
                                d ->
                                    d.type("AWS::S3::Object")
                                        .values("arn:aws:s3:::" + payments + "/"))));
    here.startLogging(r -> r.name("payments-writes"));
    here.createTrail(r -> r.name("stopped-trail").s3BucketName(logs));
    home.createTrail(r -> r.name("everywhere").s3BucketName(homeLogs).isMultiRegionTrail(true));
    home.putEventSelectors(
        r ->
            r.trailName("everywhere")
                .advancedEventSelectors(
                    a ->
                        a.name("S3 data events but the trail bucket")
                            .fieldSelectors(
                                f -> f.field("eventCategory").equalsValue("Data"),
                                f -> f.field("resources.type").equalsValue("AWS::S3::Object"),
                                f ->
                                    f.field("resources.ARN")
                                        .notStartsWith("arn:aws:s3:::" + homeLogs + "/"))));
    home.startLogging(r -> r.name("everywhere"));

    List<Trail> trails = gateway.trails();

    assertThat(trails)
        .extracting(Trail::name)
        .containsExactlyInAnyOrder("payments-writes", "stopped-trail", "everywhere");
    Trail writes = trail(trails, "payments-writes");
    assertThat(writes.logging()).isTrue();
    assertThat(writes.homeRegion()).isEqualTo(REGION);
    assertThat(writes.arn())
        .isEqualTo("arn:aws:cloudtrail:" + REGION + ":" + ACCOUNT + ":trail/payments-writes");
    assertThat(writes.s3DataEventsLoggedFor(payments)).containsExactly(DataEventAccess.WRITE);
    assertThat(writes.s3DataEventsLoggedForAllBuckets()).isEmpty();
    assertThat(trail(trails, "stopped-trail").logging()).isFalse();
    Trail everywhere = trail(trails, "everywhere");
    assertThat(everywhere.multiRegion()).isTrue();
    assertThat(everywhere.homeRegion()).isEqualTo(HOME);
    assertThat(everywhere.logging()).isTrue();
    assertThat(everywhere.s3DataEventsLoggedFor(payments))
        .isEqualTo(EnumSet.allOf(DataEventAccess.class));
    assertThat(everywhere.s3DataEventsLoggedFor(homeLogs)).isEmpty();
  }

  private static Trail trail(List<Trail> trails, String name) {
    return trails.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aConfigRecorderThatRecordsS3BucketsOnceStarted() {
    AwsJsonClient config = clients(REGION).config();
    assertThat(gateway.configRecorders()).isEmpty();

    config.json11(
        "StarlingDoveService",
        "PutConfigurationRecorder",
        json(
            "{\"ConfigurationRecorder\":{\"name\":\"default\",\"roleARN\":\"arn:aws:iam::"
                + ACCOUNT
                + ":role/config\",\"recordingGroup\":{\"allSupported\":false,"
                + "\"includeGlobalResourceTypes\":false,\"exclusionByResourceTypes\":"
                + "{\"resourceTypes\":[\"AWS::S3::Bucket\"]},\"recordingStrategy\":"
                + "{\"useOnly\":\"EXCLUSION_BY_RESOURCE_TYPES\"}}}}"));
    ConfigRecorder excluding = gateway.configRecorders().get(0);
    assertThat(excluding.recording()).isFalse();
    assertThat(excluding.strategy()).contains(ConfigRecorder.Strategy.EXCLUSION_BY_RESOURCE_TYPES);
    assertThat(excluding.excludedResourceTypes()).containsExactly(ConfigRecorder.S3_BUCKET);
    assertThat(excluding.records(ConfigRecorder.S3_BUCKET)).isFalse();

    config.json11(
        "StarlingDoveService",
        "PutConfigurationRecorder",
        json(
            "{\"ConfigurationRecorder\":{\"name\":\"default\",\"roleARN\":\"arn:aws:iam::"
                + ACCOUNT
                + ":role/config\",\"recordingGroup\":{\"allSupported\":true,"
                + "\"includeGlobalResourceTypes\":true}}}"));
    config.json11(
        "StarlingDoveService",
        "PutDeliveryChannel",
        json(
            "{\"DeliveryChannel\":{\"name\":\"default\",\"s3BucketName\":\""
                + bucket("config-logs", REGION)
                + "\"}}"));
    config.json11(
        "StarlingDoveService",
        "StartConfigurationRecorder",
        json("{\"ConfigurationRecorderName\":\"default\"}"));

    assertThat(gateway.configRecorders())
        .singleElement()
        .satisfies(
            recorder -> {
              assertThat(recorder.name()).isEqualTo("default");
              assertThat(recorder.recording()).isTrue();
              assertThat(recorder.allSupported()).isTrue();
              assertThat(recorder.recordsS3Buckets()).isTrue();
            });
  }

  @Test
  void aGuardDutyDetectorWithS3Protection() {
    assertThat(gateway.guardDutyDetectors()).isEmpty();

    JsonNode created =
        clients(REGION)
            .guardDuty()
            .rest(
                "CreateDetector",
                SdkHttpMethod.POST,
                "/detector",
                json(
                    "{\"enable\":true,\"dataSources\":{\"s3Logs\":{\"enable\":true}},"
                        + "\"features\":[{\"name\":\"S3_DATA_EVENTS\",\"status\":\"ENABLED\"}]}"));

    assertThat(gateway.guardDutyDetectors())
        .containsExactly(new GuardDutyDetector(created.path("detectorId").asText(), true, true));
  }

  @Test
  void macieOnceEnabled() {
    // moto answers GetMacieSession with ENABLED before EnableMacie and fails UpdateMacieSession:
    // NOT_ENABLED and PAUSED are proven against AWS's answers in SdkDetectionGatewayTest
    clients(REGION).macie().rest("EnableMacie", SdkHttpMethod.POST, "/macie", json("{}"));

    assertThat(gateway.macie()).isEqualTo(MacieStatus.ENABLED);
  }

  @Test
  void motoAcceptsAnSseCBlockAndKeepsTheRestOfTheRule() {
    String bucket = bucket("sse-c-blocked", REGION);
    SdkS3Gateway s3 = new SdkS3Gateway(clients(REGION).s3(), Optional.empty());
    DefaultEncryption blocked =
        new DefaultEncryption(
            "aws:kms",
            Optional.of("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/1234abcd"),
            true,
            Set.of(DefaultEncryption.SSE_C));

    s3.putDefaultEncryption(bucket, blocked);

    // moto 5.2.1 drops BlockedEncryptionTypes from GetBucketEncryption: compare the rest only
    DefaultEncryption read = s3.defaultEncryption(bucket);
    assertThat(read.withBlockedEncryptionTypes(Set.of()))
        .isEqualTo(blocked.withBlockedEncryptionTypes(Set.of()));
  }
}
