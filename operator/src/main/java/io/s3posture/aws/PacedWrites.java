package io.s3posture.aws;

import java.util.Objects;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Holds each write attempt (any request but GET and HEAD, retries included) of one account's
 * clients until the account's {@link WritePacer} gives it a slot.
 */
final class PacedWrites implements ExecutionInterceptor {

  private final WritePacer pacer;
  private final String account;

  PacedWrites(WritePacer pacer, String account) {
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.account = Objects.requireNonNull(account, "account");
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    SdkHttpMethod method = context.httpRequest().method();
    if (method == SdkHttpMethod.GET || method == SdkHttpMethod.HEAD) {
      return;
    }
    try {
      pacer.acquire(account);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.create("interrupted while waiting for a write slot");
    }
  }
}
