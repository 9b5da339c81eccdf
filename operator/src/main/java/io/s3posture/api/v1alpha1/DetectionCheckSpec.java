package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A detection-service check without settings of its own: being present means it is checked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetectionCheckSpec() {}
