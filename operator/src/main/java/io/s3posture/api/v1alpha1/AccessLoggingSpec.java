package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessLoggingSpec(
    @JsonPropertyDescription(
            "Bucket that receives server access logs: same region and account, no object lock,"
                + " SSE-S3 default encryption, and a bucket policy that lets"
                + " logging.s3.amazonaws.com write. The operator does not modify the target.")
        @Required
        @Size(min = 3, max = 63)
        @ValidationRule(
            value = ApiPatterns.BUCKET_NAME_RULE,
            messageExpression = ApiPatterns.BUCKET_NAME_MESSAGE)
        String targetBucket,
    @JsonPropertyDescription(
            "Key prefix of the log objects, e.g. 'access-logs/'. '{bucket}' stands for the name"
                + " of the bucket whose logs they are, so one policy gives each bucket its own"
                + " prefix: 'access-logs/{bucket}/' is 'access-logs/payments-ledger/' for the"
                + " bucket payments-ledger. Empty: no prefix.")
        @Default("")
        @Size(max = 512)
        @ValidationRule(
            value = ApiPatterns.LOG_PREFIX_RULE,
            message = ApiPatterns.LOG_PREFIX_MESSAGE)
        String targetPrefix,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
