package io.s3posture.aws;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Turns the SDK's execution callbacks into {@link AwsCall}s for the listeners. */
final class CallListenerInterceptor implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("s3posture.call.started");

  private final List<AwsCallListener> listeners;

  CallListenerInterceptor(List<AwsCallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    tell(attributes, AwsCall.Outcome.SUCCESS);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    tell(attributes, outcome(context.exception()));
  }

  static AwsCall.Outcome outcome(Throwable error) {
    if (error instanceof AwsServiceException service && service.statusCode() == 404) {
      return AwsCall.Outcome.NOT_FOUND;
    }
    if (!(error instanceof RuntimeException runtime)) {
      return AwsCall.Outcome.ERROR;
    }
    return switch (AwsErrorClassifier.classify("call", runtime).kind()) {
      case THROTTLED -> AwsCall.Outcome.THROTTLED;
      case ACCESS_DENIED, CREDENTIALS -> AwsCall.Outcome.ACCESS_DENIED;
      case NO_SUCH_BUCKET -> AwsCall.Outcome.NOT_FOUND;
      default -> AwsCall.Outcome.ERROR;
    };
  }

  private void tell(ExecutionAttributes attributes, AwsCall.Outcome outcome) {
    Long started = attributes.getAttribute(STARTED);
    AwsCall call =
        new AwsCall(
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)),
            outcome,
            started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started));
    listeners.forEach(listener -> listener.called(call));
  }
}
