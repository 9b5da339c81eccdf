package io.s3posture.aws;

/** Told of every AWS API call the operator's clients make (metrics, the CLI's --stats). */
@FunctionalInterface
public interface AwsCallListener {

  /** Called once per call, after it ended; must not throw and must be quick. */
  void called(AwsCall call);
}
