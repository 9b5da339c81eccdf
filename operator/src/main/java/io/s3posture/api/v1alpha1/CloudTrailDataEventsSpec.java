package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which S3 data events some logging trail must select, and for which buckets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudTrailDataEventsSpec(
    @JsonPropertyDescription(
            "The S3 data events that must be logged: All (reads and writes, CIS 3.8 and 3.9),"
                + " WriteOnly (PutObject, DeleteObject, ...) or ReadOnly (GetObject, ...).")
        @Default("All")
        DataEventAccess events,
    @JsonPropertyDescription(
            "Buckets whose every object must be selected (by a trail that selects them or every"
                + " bucket). Unset: a trail must select the data events of every bucket, current"
                + " and future. Buckets of spec.aws.region: data events are logged in the"
                + " bucket's region.")
        @Size(max = 1000)
        @ValidationRule(
            value = ApiPatterns.BUCKET_NAMES_RULE,
            message = ApiPatterns.BUCKET_NAMES_MESSAGE)
        List<@Size(min = 3, max = 63) String> buckets) {

  /** CloudTrail's ReadWriteType, for the data events required. */
  public enum DataEventAccess {
    All,
    WriteOnly,
    ReadOnly
  }
}
