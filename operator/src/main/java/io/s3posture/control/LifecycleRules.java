package io.s3posture.control;

import io.s3posture.aws.LifecycleConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one lifecycle rule against the minimums, by AWS's semantics. Pure.
 *
 * <ul>
 *   <li>A Disabled rule does nothing; a rule whose scope prefix lies under an exempt prefix is not
 *       judged (a rule filtered only by tags or size always is).
 *   <li>Expiration.Days expires current versions that many days after creation: sooner than the
 *       minimum is a finding. Expiration.Date expires every object in scope on that date whatever
 *       its age: a finding whenever current versions are checked.
 *   <li>NoncurrentVersionExpiration.NoncurrentDays deletes noncurrent versions for good that many
 *       days after they became noncurrent: sooner than the minimum is a finding, whatever
 *       NewerNoncurrentVersions keeps (overwrites push good versions out of it).
 *   <li>ExpiredObjectDeleteMarker, transitions and AbortIncompleteMultipartUpload delete no object
 *       version: not judged.
 * </ul>
 */
final class LifecycleRules {

  private LifecycleRules() {}

  /** How findings name a rule: by its ID, else by its position. */
  static String name(LifecycleConfiguration.Rule rule, int index) {
    return rule.id().filter(id -> !id.isBlank()).orElse("#" + index);
  }

  static List<FieldDrift> findings(
      LifecycleRetentionControl.Minimums minimums, LifecycleConfiguration.Rule rule, int index) {
    if (!rule.enabled() || minimums.exempts(rule.scopePrefix())) {
      return List.of();
    }
    String field = "rule[" + name(rule, index) + "]";
    String scope = rule.scopePrefix().map(p -> " under " + p).orElse(" of the whole bucket");
    List<FieldDrift> findings = new ArrayList<>();
    if (minimums.currentDays() > 0) {
      Optional<LifecycleConfiguration.Expiration> expiration = rule.expiration();
      expiration
          .flatMap(LifecycleConfiguration.Expiration::days)
          .filter(days -> days < minimums.currentDays())
          .ifPresent(
              days ->
                  findings.add(
                      FieldDrift.put(
                          field + ".expiration",
                          "current versions kept at least " + minimums.currentDays() + " days",
                          "current versions" + scope + " expire after " + days + " day(s)")));
      expiration
          .flatMap(LifecycleConfiguration.Expiration::date)
          .ifPresent(
              date ->
                  findings.add(
                      FieldDrift.put(
                          field + ".expiration",
                          "current versions kept at least " + minimums.currentDays() + " days",
                          "every current version"
                              + scope
                              + " expires on "
                              + date
                              + ", whatever"
                              + " its age")));
    }
    if (minimums.noncurrentDays() > 0) {
      rule.noncurrentExpiration()
          .ifPresent(
              expiration ->
                  expiration
                      .noncurrentDays()
                      .filter(days -> days < minimums.noncurrentDays())
                      .ifPresent(
                          days ->
                              findings.add(
                                  FieldDrift.put(
                                      field + ".noncurrentVersionExpiration",
                                      "noncurrent versions kept at least "
                                          + minimums.noncurrentDays()
                                          + " days",
                                      "noncurrent versions"
                                          + scope
                                          + " deleted "
                                          + days
                                          + " day(s) after they become noncurrent"
                                          + expiration
                                              .newerNoncurrentVersions()
                                              .map(n -> " (the newest " + n + " kept)")
                                              .orElse("")))));
    }
    return findings;
  }
}
