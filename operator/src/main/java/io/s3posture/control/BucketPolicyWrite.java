package io.s3posture.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PutBucketPolicy that adds or replaces owned statements (by Sid) in the policy read in this
 * check; every other statement is written back as it was. The statements of several controls merge
 * into one write.
 */
record BucketPolicyWrite(PolicyDocument observed, List<ObjectNode> statements)
    implements Write<BucketSubject> {

  BucketPolicyWrite {
    Objects.requireNonNull(observed, "observed");
    statements = List.copyOf(statements);
  }

  /** The policy that will be written. */
  PolicyDocument policy() {
    PolicyDocument policy = observed;
    for (ObjectNode statement : statements) {
      policy = policy.withStatement(statement);
    }
    return policy;
  }

  @Override
  public String operation() {
    return "PutBucketPolicy";
  }

  @Override
  public String description() {
    return "bucket policy with statements "
        + statements.stream().map(s -> s.path("Sid").asText()).collect(Collectors.joining(", "))
        + " (other statements kept)";
  }

  @Override
  public void apply(BucketSubject subject) {
    subject.s3().putBucketPolicy(subject.bucket(), policy().toJson());
  }

  @Override
  public Optional<String> mergeKey() {
    return Optional.of(operation());
  }

  @Override
  public Write<BucketSubject> mergedWith(Write<BucketSubject> later) {
    List<ObjectNode> all = new ArrayList<>(statements);
    all.addAll(((BucketPolicyWrite) later).statements());
    return new BucketPolicyWrite(observed, all);
  }
}
