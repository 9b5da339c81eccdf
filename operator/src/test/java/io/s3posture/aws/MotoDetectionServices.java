package io.s3posture.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * Sets up and removes the account's detection services on moto, for tests of the checks that read
 * them (AccountPolicy detection, the audit command's baseline). They are account-wide state of
 * moto's one account: callers hold {@code TestLocks.MOTO_ACCOUNT} and call {@link #removeAll()}.
 */
public final class MotoDetectionServices implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = "StarlingDoveService";

  private final AwsClientFactory factory;
  private final AwsClients clients;
  private final String account;
  private final String logs;

  /**
   * @param logs an existing bucket of {@code region} for trail and Config deliveries
   */
  public MotoDetectionServices(URI endpoint, String region, String account, String logs) {
    this.factory = new AwsClientFactory(List.of(), 3);
    this.clients = factory.clientsFor(AwsTarget.of(region).withEndpoint(endpoint));
    this.account = account;
    this.logs = logs;
  }

  /** A logging trail of the region that selects every S3 data event of every bucket. */
  public void trailLoggingEveryS3DataEvent() {
    clients.cloudTrail().createTrail(r -> r.name("s3-data-events").s3BucketName(logs));
    trailSelecting("arn:aws:s3");
    clients.cloudTrail().startLogging(r -> r.name("s3-data-events"));
  }

  /** The trail of {@link #trailLoggingEveryS3DataEvent()} now selects only {@code value}. */
  public void trailSelecting(String value) {
    clients
        .cloudTrail()
        .putEventSelectors(
            r ->
                r.trailName("s3-data-events")
                    .eventSelectors(
                        s ->
                            s.readWriteType(ReadWriteType.ALL)
                                .includeManagementEvents(true)
                                .dataResources(
                                    d -> d.type(EventSelectors.S3_OBJECT).values(value))));
  }

  /** A started AWS Config recorder of every supported resource type. */
  public void configRecorderOfEverything() {
    clients
        .config()
        .json11(
            CONFIG,
            "PutConfigurationRecorder",
            json(
                "{\"ConfigurationRecorder\":{\"name\":\"default\",\"roleARN\":\"arn:aws:iam::"
                    + account
                    + ":role/config\",\"recordingGroup\":{\"allSupported\":true,"
                    + "\"includeGlobalResourceTypes\":true}}}"));
    clients
        .config()
        .json11(
            CONFIG,
            "PutDeliveryChannel",
            json("{\"DeliveryChannel\":{\"name\":\"default\",\"s3BucketName\":\"" + logs + "\"}}"));
    clients
        .config()
        .json11(
            CONFIG,
            "StartConfigurationRecorder",
            json("{\"ConfigurationRecorderName\":\"default\"}"));
  }

  /** An enabled GuardDuty detector with S3 Protection. */
  public void guardDutyWithS3Protection() {
    clients
        .guardDuty()
        .rest(
            "CreateDetector",
            SdkHttpMethod.POST,
            "/detector",
            json(
                "{\"enable\":true,\"dataSources\":{\"s3Logs\":{\"enable\":true}},"
                    + "\"features\":[{\"name\":\"S3_DATA_EVENTS\",\"status\":\"ENABLED\"}]}"));
  }

  /** Everything the checks look for (moto reports Macie ENABLED even before EnableMacie). */
  public void all() {
    trailLoggingEveryS3DataEvent();
    configRecorderOfEverything();
    guardDutyWithS3Protection();
    clients.macie().rest("EnableMacie", SdkHttpMethod.POST, "/macie", json("{}"));
  }

  /** Leaves the account's detection services as other tests expect them: none. */
  public void removeAll() {
    clients
        .cloudTrail()
        .describeTrails(r -> r.includeShadowTrails(false))
        .trailList()
        // by name: moto 5.2.1 answers DeleteTrail with an ARN with success and keeps the trail
        .forEach(trail -> clients.cloudTrail().deleteTrail(r -> r.name(trail.name())));
    for (JsonNode recorder :
        clients
            .config()
            .json11(CONFIG, "DescribeConfigurationRecorders", json("{}"))
            .path("ConfigurationRecorders")) {
      JsonNode name =
          json("{\"ConfigurationRecorderName\":\"" + recorder.path("name").asText() + "\"}");
      clients.config().json11(CONFIG, "StopConfigurationRecorder", name);
      clients.config().json11(CONFIG, "DeleteConfigurationRecorder", name);
    }
    clients
        .config()
        .json11(CONFIG, "DescribeDeliveryChannels", json("{}"))
        .path("DeliveryChannels")
        .forEach(
            channel ->
                clients
                    .config()
                    .json11(
                        CONFIG,
                        "DeleteDeliveryChannel",
                        json(
                            "{\"DeliveryChannelName\":\""
                                + channel.path("name").asText()
                                + "\"}")));
    clients
        .guardDuty()
        .restGet("ListDetectors", "/detector")
        .path("detectorIds")
        .forEach(
            id ->
                clients
                    .guardDuty()
                    .rest(
                        "DeleteDetector", SdkHttpMethod.DELETE, "/detector/" + id.asText(), null));
    clients.macie().rest("DisableMacie", SdkHttpMethod.DELETE, "/macie", null);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    factory.close();
  }
}
