package io.s3posture.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/**
 * {@link DetectionGateway} over the AWS SDK's CloudTrail client and {@link AwsJsonClient}s for AWS
 * Config, GuardDuty and Macie. A trail's status and selectors are read in its home region (a shadow
 * trail is answered there for sure), with the ARN as its name.
 */
public final class SdkDetectionGateway implements DetectionGateway {

  private static final String CONFIG_TARGET = "StarlingDoveService";
  private static final JsonNode NO_INPUT = JsonNodeFactory.instance.objectNode();

  private final String region;
  private final CloudTrailClient cloudTrail;
  private final Function<String, CloudTrailClient> cloudTrailIn;
  private final AwsJsonClient config;
  private final AwsJsonClient guardDuty;
  private final AwsJsonClient macie;

  /**
   * @param cloudTrail the CloudTrail client of {@code region}
   * @param cloudTrailIn the CloudTrail client of another (home) region, same credentials
   */
  public SdkDetectionGateway(
      String region,
      CloudTrailClient cloudTrail,
      Function<String, CloudTrailClient> cloudTrailIn,
      AwsJsonClient config,
      AwsJsonClient guardDuty,
      AwsJsonClient macie) {
    this.region = Objects.requireNonNull(region, "region");
    this.cloudTrail = Objects.requireNonNull(cloudTrail, "cloudTrail");
    this.cloudTrailIn = Objects.requireNonNull(cloudTrailIn, "cloudTrailIn");
    this.config = Objects.requireNonNull(config, "config");
    this.guardDuty = Objects.requireNonNull(guardDuty, "guardDuty");
    this.macie = Objects.requireNonNull(macie, "macie");
  }

  /** The gateway for {@code target}'s region, with the factory's clients for home regions. */
  public static SdkDetectionGateway of(AwsClientFactory factory, AwsTarget target) {
    AwsClients clients = factory.clientsFor(target);
    return new SdkDetectionGateway(
        target.region(),
        clients.cloudTrail(),
        home -> factory.clientsFor(target.withRegion(home)).cloudTrail(),
        clients.config(),
        clients.guardDuty(),
        clients.macie());
  }

  @Override
  public String region() {
    return region;
  }

  // CloudTrail

  @Override
  public List<Trail> trails() {
    // qualified: Trail is this package's domain record, the SDK's type has the same name
    List<software.amazon.awssdk.services.cloudtrail.model.Trail> described =
        call(
            "cloudtrail",
            "DescribeTrails",
            () -> cloudTrail.describeTrails(r -> r.includeShadowTrails(true)).trailList());
    List<Trail> trails = new ArrayList<>();
    for (var trail : described) {
      trail(trail).ifPresent(trails::add);
    }
    return List.copyOf(trails);
  }

  /** The trail with its status and selectors; empty when it was deleted meanwhile. */
  private Optional<Trail> trail(software.amazon.awssdk.services.cloudtrail.model.Trail trail) {
    String home = trail.homeRegion() != null ? trail.homeRegion() : region;
    CloudTrailClient client = home.equals(region) ? cloudTrail : cloudTrailIn.apply(home);
    String arn = trail.trailARN();
    try {
      boolean logging =
          call(
              "cloudtrail",
              "GetTrailStatus",
              () -> isTrue(client.getTrailStatus(r -> r.name(arn)).isLogging()));
      EventSelectors selectors =
          call(
              "cloudtrail",
              "GetEventSelectors",
              () -> selectors(client.getEventSelectors(r -> r.trailName(arn))));
      return Optional.of(
          new Trail(
              trail.name(),
              arn,
              home,
              isTrue(trail.isMultiRegionTrail()),
              isTrue(trail.isOrganizationTrail()),
              logging,
              selectors));
    } catch (AwsFailure failure) {
      if (failure.getCause() instanceof TrailNotFoundException) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  private static EventSelectors selectors(GetEventSelectorsResponse response) {
    List<EventSelectors.Basic> basic =
        response.eventSelectors().stream()
            .map(
                selector ->
                    new EventSelectors.Basic(
                        EventSelectors.ReadWriteType.of(selector.readWriteTypeAsString()),
                        selector.includeManagementEvents() == null
                            || selector.includeManagementEvents(),
                        selector.dataResources().stream()
                            .filter(resource -> resource.type() != null)
                            .map(
                                resource ->
                                    new EventSelectors.DataResource(
                                        resource.type(), resource.values()))
                            .toList()))
            .toList();
    List<EventSelectors.Advanced> advanced =
        response.advancedEventSelectors().stream().map(SdkDetectionGateway::advanced).toList();
    return new EventSelectors(basic, advanced);
  }

  private static EventSelectors.Advanced advanced(AdvancedEventSelector selector) {
    return new EventSelectors.Advanced(
        selector.name(),
        selector.fieldSelectors().stream()
            .filter(field -> field.field() != null)
            .map(SdkDetectionGateway::field)
            .toList());
  }

  private static EventSelectors.FieldSelector field(AdvancedFieldSelector field) {
    Map<EventSelectors.Operator, List<String>> operators =
        new EnumMap<>(EventSelectors.Operator.class);
    if (field.hasEqualsValue()) {
      operators.put(EventSelectors.Operator.EQUALS, field.equalsValue());
    }
    if (field.hasStartsWith()) {
      operators.put(EventSelectors.Operator.STARTS_WITH, field.startsWith());
    }
    if (field.hasEndsWith()) {
      operators.put(EventSelectors.Operator.ENDS_WITH, field.endsWith());
    }
    if (field.hasNotEquals()) {
      operators.put(EventSelectors.Operator.NOT_EQUALS, field.notEquals());
    }
    if (field.hasNotStartsWith()) {
      operators.put(EventSelectors.Operator.NOT_STARTS_WITH, field.notStartsWith());
    }
    if (field.hasNotEndsWith()) {
      operators.put(EventSelectors.Operator.NOT_ENDS_WITH, field.notEndsWith());
    }
    return new EventSelectors.FieldSelector(field.field(), operators);
  }

  // AWS Config

  @Override
  public List<ConfigRecorder> configRecorders() {
    Optional<JsonNode> recorders =
        readOrNotEnabled(
            "config",
            "DescribeConfigurationRecorders",
            Set.of("NoSuchConfigurationRecorderException"),
            () -> config.json11(CONFIG_TARGET, "DescribeConfigurationRecorders", NO_INPUT));
    if (recorders.isEmpty() || recorders.get().path("ConfigurationRecorders").isEmpty()) {
      return List.of();
    }
    Map<String, JsonNode> statuses = new HashMap<>();
    readOrNotEnabled(
            "config",
            "DescribeConfigurationRecorderStatus",
            Set.of("NoSuchConfigurationRecorderException"),
            () -> config.json11(CONFIG_TARGET, "DescribeConfigurationRecorderStatus", NO_INPUT))
        .ifPresent(
            answer ->
                answer
                    .path("ConfigurationRecordersStatus")
                    .forEach(status -> statuses.put(status.path("name").asText(), status)));
    List<ConfigRecorder> result = new ArrayList<>();
    for (JsonNode recorder : recorders.get().path("ConfigurationRecorders")) {
      String name = recorder.path("name").asText();
      JsonNode status = statuses.getOrDefault(name, NO_INPUT);
      JsonNode group = recorder.path("recordingGroup");
      result.add(
          new ConfigRecorder(
              name,
              status.path("recording").asBoolean(false),
              text(status, "lastStatus"),
              group.path("allSupported").asBoolean(false),
              strings(group.path("resourceTypes")),
              strings(group.path("exclusionByResourceTypes").path("resourceTypes")),
              text(group.path("recordingStrategy"), "useOnly")
                  .flatMap(ConfigRecorder.Strategy::of)));
    }
    return List.copyOf(result);
  }

  // GuardDuty

  @Override
  public List<GuardDutyDetector> guardDutyDetectors() {
    List<String> ids = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      String path = "/detector" + next.map(token -> "?nextToken=" + encode(token)).orElse("");
      Optional<JsonNode> page =
          readOrNotEnabled(
              "guardduty",
              "ListDetectors",
              Set.of(),
              () -> guardDuty.restGet("ListDetectors", path));
      if (page.isEmpty()) {
        return List.of();
      }
      page.get().path("detectorIds").forEach(id -> ids.add(id.asText()));
      next = text(page.get(), "nextToken");
    } while (next.isPresent());
    List<GuardDutyDetector> detectors = new ArrayList<>();
    for (String id : ids) {
      JsonNode detector =
          call(
              "guardduty",
              "GetDetector",
              () -> guardDuty.restGet("GetDetector", "/detector/" + encode(id)));
      detectors.add(
          new GuardDutyDetector(
              id, "ENABLED".equals(detector.path("status").asText()), s3Protection(detector)));
    }
    return List.copyOf(detectors);
  }

  /** features S3_DATA_EVENTS when the detector reports features, else dataSources.s3Logs. */
  private static boolean s3Protection(JsonNode detector) {
    for (JsonNode feature : detector.path("features")) {
      if ("S3_DATA_EVENTS".equals(feature.path("name").asText())) {
        return "ENABLED".equals(feature.path("status").asText());
      }
    }
    return "ENABLED".equals(detector.path("dataSources").path("s3Logs").path("status").asText());
  }

  // Macie

  @Override
  public MacieStatus macie() {
    return readOrNotEnabled(
            "macie2",
            "GetMacieSession",
            // no session is no Macie (moto answers a disabled Macie so; AWS: AccessDenied)
            Set.of("ResourceNotFoundException"),
            () -> macie.restGet("GetMacieSession", "/macie"))
        .map(
            session ->
                switch (session.path("status").asText()) {
                  case "ENABLED" -> MacieStatus.ENABLED;
                  case "PAUSED" -> MacieStatus.PAUSED;
                  default -> MacieStatus.NOT_ENABLED;
                })
        .orElse(MacieStatus.NOT_ENABLED);
  }

  // calls

  /**
   * The answer, or empty when the service says it is not set up: one of {@code notSetUpCodes}, or a
   * not-subscribed / not-enabled answer ({@link AwsErrorClassifier#isNotEnabled}).
   */
  private static Optional<JsonNode> readOrNotEnabled(
      String service, String operation, Set<String> notSetUpCodes, Supplier<JsonNode> call) {
    try {
      return Optional.of(call(service, operation, call));
    } catch (AwsFailure failure) {
      if (notSetUpCodes.contains(failure.errorCode()) || AwsErrorClassifier.isNotEnabled(failure)) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** Every call of this gateway, named {@code service, Operation} (IAM's names for them). */
  private static <T> T call(String service, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isEmpty()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }
}
