package io.s3posture.aws;

import static io.s3posture.aws.DataEventAccess.READ;
import static io.s3posture.aws.DataEventAccess.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.EventSelectors.Advanced;
import io.s3posture.aws.EventSelectors.Basic;
import io.s3posture.aws.EventSelectors.DataResource;
import io.s3posture.aws.EventSelectors.FieldSelector;
import io.s3posture.aws.EventSelectors.Operator;
import io.s3posture.aws.EventSelectors.ReadWriteType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which S3 data events a trail's selectors log, on the selector shapes of AWS's CloudTrail
 * documentation (EventSelector / DataResource, "Filtering data events by using advanced event
 * selectors", AdvancedFieldSelector). Each row: the selectors, then what is logged for bucket
 * {@value #BUCKET}, for bucket {@value #OTHER}, and for every bucket.
 */
class EventSelectorsTest {

  static final String BUCKET = "amzn-s3-demo-bucket";
  static final String OTHER = "other-bucket";
  static final String TRAIL_BUCKET = "trail-logs";

  private static final Set<DataEventAccess> BOTH = EnumSet.of(READ, WRITE);
  private static final Set<DataEventAccess> NONE = Set.of();

  // basic selectors

  private static EventSelectors basic(Basic... selectors) {
    return new EventSelectors(List.of(selectors), List.of());
  }

  private static Basic s3Objects(ReadWriteType type, String... values) {
    return new Basic(type, true, List.of(new DataResource("AWS::S3::Object", List.of(values))));
  }

  // advanced selectors

  private static EventSelectors advanced(Advanced... selectors) {
    return new EventSelectors(List.of(), List.of(selectors));
  }

  private static Advanced selector(FieldSelector... fields) {
    return new Advanced("selector", List.of(fields));
  }

  private static FieldSelector field(String field, Operator operator, String... values) {
    return new FieldSelector(field, Map.of(operator, List.of(values)));
  }

  private static Advanced s3DataEvents(FieldSelector... more) {
    List<FieldSelector> fields =
        Stream.concat(
                Stream.of(
                    field("eventCategory", Operator.EQUALS, "Data"),
                    field("resources.type", Operator.EQUALS, "AWS::S3::Object")),
                Arrays.stream(more))
            .toList();
    return new Advanced("Log S3 data events", fields);
  }

  private static Arguments row(
      String name,
      EventSelectors selectors,
      Set<DataEventAccess> bucket,
      Set<DataEventAccess> other,
      Set<DataEventAccess> all) {
    return Arguments.of(name, selectors, bucket, other, all);
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        // basic: DataResource values "arn:aws:s3" / "arn:aws:s3:::" mean every bucket
        row(
            "basic: all buckets (arn:aws:s3), All",
            basic(s3Objects(ReadWriteType.ALL, "arn:aws:s3")),
            BOTH,
            BOTH,
            BOTH),
        row(
            "basic: all buckets (arn:aws:s3:::), WriteOnly",
            basic(s3Objects(ReadWriteType.WRITE_ONLY, "arn:aws:s3:::")),
            Set.of(WRITE),
            Set.of(WRITE),
            Set.of(WRITE)),
        row(
            "basic: one bucket with an empty prefix",
            basic(s3Objects(ReadWriteType.ALL, "arn:aws:s3:::" + BUCKET + "/")),
            BOTH,
            NONE,
            NONE),
        row(
            "basic: one bucket's prefix only",
            basic(s3Objects(ReadWriteType.ALL, "arn:aws:s3:::" + BUCKET + "/example-images")),
            NONE,
            NONE,
            NONE),
        row(
            "basic: a bucket ARN is no prefix over bucket names",
            basic(s3Objects(ReadWriteType.ALL, "arn:aws:s3:::amzn-s3")),
            NONE,
            NONE,
            NONE),
        row(
            "basic: read-only and write-only selectors add up",
            basic(
                s3Objects(ReadWriteType.READ_ONLY, "arn:aws:s3:::" + BUCKET + "/"),
                s3Objects(ReadWriteType.WRITE_ONLY, "arn:aws:s3")),
            BOTH,
            Set.of(WRITE),
            Set.of(WRITE)),
        row(
            "basic: Lambda data events only",
            basic(
                new Basic(
                    ReadWriteType.ALL,
                    true,
                    List.of(new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda"))))),
            NONE,
            NONE,
            NONE),
        row(
            "basic: management events only (the default of a new trail)",
            basic(new Basic(ReadWriteType.ALL, true, List.of())),
            NONE,
            NONE,
            NONE),
        row(
            "basic: another partition's all-buckets value",
            basic(s3Objects(ReadWriteType.ALL, "arn:aws-cn:s3")),
            NONE,
            NONE,
            NONE),
        // advanced: eventCategory = Data and resources.type = AWS::S3::Object are required
        row("advanced: all S3 data events", advanced(s3DataEvents()), BOTH, BOTH, BOTH),
        row(
            "advanced: readOnly = true",
            advanced(s3DataEvents(field("readOnly", Operator.EQUALS, "true"))),
            Set.of(READ),
            Set.of(READ),
            Set.of(READ)),
        row(
            "advanced: readOnly = false",
            advanced(s3DataEvents(field("readOnly", Operator.EQUALS, "false"))),
            Set.of(WRITE),
            Set.of(WRITE),
            Set.of(WRITE)),
        row(
            "advanced: one bucket (resources.ARN StartsWith bucket/)",
            advanced(
                s3DataEvents(
                    field("resources.ARN", Operator.STARTS_WITH, "arn:aws:s3:::" + BUCKET + "/"))),
            BOTH,
            NONE,
            NONE),
        row(
            "advanced: StartsWith is a string prefix, over bucket names too",
            advanced(
                s3DataEvents(field("resources.ARN", Operator.STARTS_WITH, "arn:aws:s3:::amzn-s3"))),
            BOTH,
            NONE,
            NONE),
        row(
            "advanced: one bucket's prefix only",
            advanced(
                s3DataEvents(
                    field(
                        "resources.ARN",
                        Operator.STARTS_WITH,
                        "arn:aws:s3:::" + BUCKET + "/logs/"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: every bucket but the trail's own (NotStartsWith)",
            advanced(
                s3DataEvents(
                    field(
                        "resources.ARN",
                        Operator.NOT_STARTS_WITH,
                        "arn:aws:s3:::" + TRAIL_BUCKET + "/"))),
            BOTH,
            BOTH,
            NONE),
        row(
            "advanced: a prefix of the bucket excluded",
            advanced(
                s3DataEvents(
                    field(
                        "resources.ARN",
                        Operator.NOT_STARTS_WITH,
                        "arn:aws:s3:::" + BUCKET + "/tmp/"))),
            NONE,
            BOTH,
            NONE),
        row(
            "advanced: one object excluded (NotEquals)",
            advanced(
                s3DataEvents(
                    field(
                        "resources.ARN",
                        Operator.NOT_EQUALS,
                        "arn:aws:s3:::" + BUCKET + "/secret.txt"))),
            NONE,
            BOTH,
            NONE),
        row(
            "advanced: single objects (Equals)",
            advanced(
                s3DataEvents(
                    field(
                        "resources.ARN",
                        Operator.EQUALS,
                        "arn:aws:s3:::" + BUCKET + "/index.html"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: suffixes (EndsWith / NotEndsWith)",
            advanced(
                s3DataEvents(field("resources.ARN", Operator.ENDS_WITH, ".jpg")),
                s3DataEvents(field("resources.ARN", Operator.NOT_ENDS_WITH, ".tmp"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: some API calls only (eventName)",
            advanced(
                s3DataEvents(field("eventName", Operator.EQUALS, "PutObject", "DeleteObject"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: some API calls left out (eventName NotEquals)",
            advanced(s3DataEvents(field("eventName", Operator.NOT_EQUALS, "GetObject"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: eventSource s3.amazonaws.com selects S3's events",
            advanced(s3DataEvents(field("eventSource", Operator.EQUALS, "s3.amazonaws.com"))),
            BOTH,
            BOTH,
            BOTH),
        row(
            "advanced: management events",
            advanced(selector(field("eventCategory", Operator.EQUALS, "Management"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: S3 on Outposts objects",
            advanced(
                selector(
                    field("eventCategory", Operator.EQUALS, "Data"),
                    field("resources.type", Operator.EQUALS, "AWS::S3Outposts::Object"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: no eventCategory",
            advanced(selector(field("resources.type", Operator.EQUALS, "AWS::S3::Object"))),
            NONE,
            NONE,
            NONE),
        row(
            "advanced: reads of one bucket plus writes of every bucket",
            advanced(
                s3DataEvents(
                    field("readOnly", Operator.EQUALS, "true"),
                    field("resources.ARN", Operator.STARTS_WITH, "arn:aws:s3:::" + BUCKET + "/")),
                s3DataEvents(field("readOnly", Operator.EQUALS, "false"))),
            BOTH,
            Set.of(WRITE),
            Set.of(WRITE)),
        row(
            "advanced: two resources.ARN conditions must both hold",
            advanced(
                s3DataEvents(
                    field("resources.ARN", Operator.STARTS_WITH, "arn:aws:s3:::"),
                    field(
                        "resources.ARN", Operator.NOT_STARTS_WITH, "arn:aws:s3:::" + OTHER + "/"))),
            BOTH,
            NONE,
            NONE),
        row("no selectors", EventSelectors.NONE, NONE, NONE, NONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void s3DataEventsLogged(
      String name,
      EventSelectors selectors,
      Set<DataEventAccess> bucket,
      Set<DataEventAccess> other,
      Set<DataEventAccess> all) {
    assertThat(selectors.s3DataEventsFor("aws", BUCKET)).as("bucket").isEqualTo(bucket);
    assertThat(selectors.s3DataEventsFor("aws", OTHER)).as("other bucket").isEqualTo(other);
    assertThat(selectors.s3DataEventsForAllBuckets("aws")).as("all buckets").isEqualTo(all);
  }

  @Test
  void thePartitionComesFromTheTrailArn() {
    EventSelectors all = basic(s3Objects(ReadWriteType.ALL, "arn:aws-cn:s3"));
    Trail trail =
        new Trail(
            "t",
            "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t",
            "cn-north-1",
            false,
            false,
            true,
            all);

    assertThat(trail.partition()).isEqualTo("aws-cn");
    assertThat(trail.s3DataEventsLoggedFor(BUCKET)).isEqualTo(BOTH);
    assertThat(trail.s3DataEventsLoggedForAllBuckets()).isEqualTo(BOTH);
  }

  @Test
  void aStoppedTrailLogsNothing() {
    Trail stopped =
        new Trail(
            "t",
            "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t",
            "eu-west-1",
            true,
            false,
            false,
            advanced(s3DataEvents()));

    assertThat(stopped.s3DataEventsLoggedFor(BUCKET)).isEmpty();
    assertThat(stopped.s3DataEventsLoggedForAllBuckets()).isEmpty();
  }
}
