package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A control without settings of its own: being present means it is managed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BasicControlSpec(@JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
