package io.s3posture.localstack.proxy;

/** What the proxy does to a request a rule selects. */
public enum Fault {
  /** Waits the rule's delay, then forwards as usual. */
  DELAY(false),
  /**
   * S3's {@code 503 SlowDown}; for other protocols their throttling error ({@code 400 Throttling}
   * in the query protocol, {@code 400 ThrottlingException} in JSON).
   */
  SLOW_DOWN(true),
  /** {@code 500 InternalError} (JSON: {@code InternalFailure}). */
  INTERNAL_ERROR(true),
  /** {@code 503 ServiceUnavailable}. */
  SERVICE_UNAVAILABLE(true),
  /** {@code 403 AccessDenied} (JSON: {@code 400 AccessDeniedException}). */
  ACCESS_DENIED(true),
  /** Resets the client connection (TCP RST) without forwarding the request. */
  RESET(true),
  /** Forwards the request (so a write happens), then resets instead of answering. */
  RESET_AFTER_FORWARD(true),
  /** Forwards, then answers the first half of the real body with a matching Content-Length. */
  TRUNCATED_BODY(true),
  /** Forwards, then answers the real body made unparseable (a mismatched XML end tag). */
  MALFORMED_BODY(true);

  private final boolean terminal;

  Fault(boolean terminal) {
    this.terminal = terminal;
  }

  /** True when this fault decides the answer; false for {@link #DELAY}, which adds up. */
  public boolean terminal() {
    return terminal;
  }

  /** An error response the proxy makes up instead of forwarding. */
  boolean isErrorResponse() {
    return this == SLOW_DOWN
        || this == INTERNAL_ERROR
        || this == SERVICE_UNAVAILABLE
        || this == ACCESS_DENIED;
  }
}
