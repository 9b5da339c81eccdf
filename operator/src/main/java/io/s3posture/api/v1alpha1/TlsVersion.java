package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A TLS protocol version, as the s3:TlsVersion condition key compares it (a number). */
public enum TlsVersion {
  @JsonProperty("1.2")
  TLS_1_2("1.2"),
  @JsonProperty("1.3")
  TLS_1_3("1.3");

  private final String number;

  TlsVersion(String number) {
    this.number = number;
  }

  /** The version as s3:TlsVersion compares it, e.g. "1.2". */
  public String number() {
    return number;
  }
}
