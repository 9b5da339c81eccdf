package io.s3posture.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A control kept through the bucket policy. The policy is read once per check whatever the number
 * of such controls, compared as a parsed document, and a control owns its statements by Sid: an
 * owned statement that is missing (no equivalent statement under any Sid) is added or replaced,
 * every other statement is kept exactly, and the owned changes of all statement controls of a
 * bucket go out in one PutBucketPolicy. JSON that is not a policy document needs a person.
 *
 * @param <D> what a policy requires
 */
public abstract class StatementControl<D> implements BucketControl<D, BucketPolicyView> {

  /**
   * The statements this control owns for the bucket, each with its fixed Sid.
   *
   * @param bucket the bucket's ARN and the operator's own principal, as observed in this check
   */
  protected abstract List<ObjectNode> ownedStatements(D desired, BucketPolicyView bucket);

  /**
   * Whether {@code document} already ensures what {@code owned} ensures: by default, an equivalent
   * statement under any Sid.
   */
  protected boolean holds(ObjectNode owned, PolicyDocument document) {
    return document.containsEquivalent(owned);
  }

  /** What the owned statement ensures, for people, e.g. "Deny s3:* without TLS". */
  protected abstract String describe(ObjectNode statement);

  /**
   * Throws {@link WriteRefused} when writing {@code statements} could harm the bucket or the
   * operator (e.g. lock the operator out). By default every owned statement may be written.
   */
  protected void refuseUnsafe(BucketSubject subject, List<ObjectNode> statements) {}

  /** Findings about statements this control does not own (never corrected). */
  protected List<FieldDrift> inspect(D desired, PolicyDocument document) {
    return List.of();
  }

  @Override
  public final BucketPolicyView observe(BucketSubject subject) {
    return BucketPolicyView.observe(subject);
  }

  @Override
  public final Drift diff(D desired, BucketPolicyView observed) {
    Optional<PolicyDocument> document = observed.document();
    if (document.isEmpty()) {
      return BucketPolicyView.UNPARSEABLE;
    }
    List<FieldDrift> fields = new ArrayList<>();
    for (ObjectNode statement : missing(desired, observed, document.get())) {
      fields.add(
          FieldDrift.put(
              "statement[" + statement.path("Sid").asText() + "]",
              describe(statement),
              observed.json().isEmpty() ? "no bucket policy" : "missing"));
    }
    fields.addAll(inspect(desired, document.get()));
    return new Drift(fields);
  }

  @Override
  public final List<Write<BucketSubject>> plan(
      BucketSubject subject, D desired, BucketPolicyView observed) {
    PolicyDocument document = observed.document().orElseThrow();
    List<ObjectNode> missing = missing(desired, observed, document);
    if (missing.isEmpty()) {
      return List.of();
    }
    refuseUnsafe(subject, missing);
    return List.of(new BucketPolicyWrite(document, missing));
  }

  /** Every control keeping statements in one policy agrees with another (statements add up). */
  @Override
  public Optional<D> combine(D a, D b) {
    return a.equals(b) ? Optional.of(a) : Optional.empty();
  }

  private List<ObjectNode> missing(D desired, BucketPolicyView observed, PolicyDocument document) {
    return ownedStatements(desired, observed).stream()
        .filter(statement -> !holds(statement, document))
        .toList();
  }
}
