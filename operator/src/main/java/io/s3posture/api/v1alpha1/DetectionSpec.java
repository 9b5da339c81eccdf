package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The detection services that must watch the account's S3 in spec.aws.region. Checked and reported
 * only (Audit): the operator never turns a service on or changes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.cloudTrailDataEvents) || has(self.configRecorder) ||"
            + " has(self.guardDutyS3Protection) || has(self.macie)",
    message = "spec.detection must name at least one check")
public record DetectionSpec(
    @JsonPropertyDescription(
            "A logging CloudTrail trail (of the region, or a multi-region or organization trail)"
                + " selects S3 data events, with basic or advanced event selectors, for every"
                + " bucket or for the listed ones. Write {} for all data events of every bucket."
                + " MITRE ATT&CK: detects T1562.008, T1530, T1485, T1486.")
        CloudTrailDataEventsSpec cloudTrailDataEvents,
    @JsonPropertyDescription(
            "An AWS Config configuration recorder of the region is recording and its recording"
                + " group includes S3 buckets (AWS::S3::Bucket). Write {} to check. MITRE ATT&CK:"
                + " detects T1562.008, T1530.")
        DetectionCheckSpec configRecorder,
    @JsonPropertyDescription(
            "The region's GuardDuty detector is enabled with S3 Protection (the feature"
                + " S3_DATA_EVENTS, or the older dataSources.s3Logs). Write {} to check. MITRE"
                + " ATT&CK: detects T1530, T1485, T1078.004, T1562.008.")
        DetectionCheckSpec guardDutyS3Protection,
    @JsonPropertyDescription(
            "Amazon Macie is enabled in the region (a paused session is reported). Write {} to"
                + " check. MITRE ATT&CK: detects T1530, T1537.")
        DetectionCheckSpec macie) {}
