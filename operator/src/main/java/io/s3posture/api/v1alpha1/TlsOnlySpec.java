package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS-only, optionally with a minimum TLS version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsOnlySpec(
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode,
    @JsonPropertyDescription(
            "Also deny requests over TLS older than this version: a second Deny statement on"
                + " s3:TlsVersion NumericLessThan this value, with the fixed Sid"
                + " 'S3PostureDenyOldTls'. Unset: any TLS version is accepted.")
        TlsVersion minimumTlsVersion)
    implements ControlSpec {

  /** TLS-only without a minimum version. */
  public TlsOnlySpec(Mode mode) {
    this(mode, null);
  }
}
