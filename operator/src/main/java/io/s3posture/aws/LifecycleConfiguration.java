package io.s3posture.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A bucket's lifecycle configuration with every field S3 models, so that a write changes only what
 * the operator means to change (a rule's status) and writes every other rule and field back as it
 * was read. Empty means the element is absent.
 *
 * @param transitionDefaultMinimumObjectSize the configuration's
 *     x-amz-transition-default-minimum-object-size ({@code all_storage_classes_128K} or {@code
 *     varies_by_storage_class}); written back as read, since a PUT without it resets it
 */
public record LifecycleConfiguration(
    List<Rule> rules, Optional<String> transitionDefaultMinimumObjectSize) {

  public LifecycleConfiguration {
    rules = List.copyOf(rules);
    Objects.requireNonNull(
        transitionDefaultMinimumObjectSize, "transitionDefaultMinimumObjectSize");
  }

  /** The same configuration with the rules at {@code indexes} disabled, everything else kept. */
  public LifecycleConfiguration disabling(Set<Integer> indexes) {
    List<Rule> changed = new ArrayList<>(rules);
    for (int index : indexes) {
      changed.set(index, changed.get(index).withEnabled(false));
    }
    return new LifecycleConfiguration(changed, transitionDefaultMinimumObjectSize);
  }

  /**
   * One rule, as S3 has it.
   *
   * @param id S3 assigns one when a PUT names none
   * @param legacyPrefix the deprecated top-level Prefix (rules without a Filter)
   * @param filter the rule's Filter; absent in legacy rules
   * @param abortIncompleteMultipartUploadDays AbortIncompleteMultipartUpload.DaysAfterInitiation
   */
  public record Rule(
      Optional<String> id,
      boolean enabled,
      Optional<String> legacyPrefix,
      Optional<Filter> filter,
      Optional<Expiration> expiration,
      Optional<NoncurrentExpiration> noncurrentExpiration,
      List<Transition> transitions,
      List<NoncurrentTransition> noncurrentTransitions,
      Optional<Integer> abortIncompleteMultipartUploadDays) {

    public Rule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(legacyPrefix, "legacyPrefix");
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(expiration, "expiration");
      Objects.requireNonNull(noncurrentExpiration, "noncurrentExpiration");
      transitions = List.copyOf(transitions);
      noncurrentTransitions = List.copyOf(noncurrentTransitions);
      Objects.requireNonNull(
          abortIncompleteMultipartUploadDays, "abortIncompleteMultipartUploadDays");
    }

    public Rule withEnabled(boolean status) {
      return new Rule(
          id,
          status,
          legacyPrefix,
          filter,
          expiration,
          noncurrentExpiration,
          transitions,
          noncurrentTransitions,
          abortIncompleteMultipartUploadDays);
    }

    /**
     * The key prefix every object the rule applies to starts with: the legacy Prefix, the Filter's
     * Prefix or its And's Prefix; empty when the rule may reach any key.
     */
    public Optional<String> scopePrefix() {
      return Stream.of(
              legacyPrefix,
              filter.flatMap(Filter::prefix),
              filter.flatMap(Filter::and).flatMap(And::prefix))
          .flatMap(Optional::stream)
          .filter(prefix -> !prefix.isEmpty())
          .findFirst();
    }
  }

  /** Exactly one of its parts is set in S3's model; And combines several. */
  public record Filter(
      Optional<String> prefix,
      Optional<Tag> tag,
      Optional<Long> objectSizeGreaterThan,
      Optional<Long> objectSizeLessThan,
      Optional<And> and) {

    public Filter {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(objectSizeGreaterThan, "objectSizeGreaterThan");
      Objects.requireNonNull(objectSizeLessThan, "objectSizeLessThan");
      Objects.requireNonNull(and, "and");
    }

    /** A filter on a key prefix alone ({@code ""}: every object). */
    public static Filter prefix(String prefix) {
      return new Filter(
          Optional.of(prefix),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  public record And(
      Optional<String> prefix,
      List<Tag> tags,
      Optional<Long> objectSizeGreaterThan,
      Optional<Long> objectSizeLessThan) {

    public And {
      Objects.requireNonNull(prefix, "prefix");
      tags = List.copyOf(tags);
      Objects.requireNonNull(objectSizeGreaterThan, "objectSizeGreaterThan");
      Objects.requireNonNull(objectSizeLessThan, "objectSizeLessThan");
    }
  }

  public record Tag(String key, String value) {}

  /**
   * When current versions expire: after {@code days}, on {@code date}, or
   * (expiredObjectDeleteMarker) the delete markers that no longer hide any version are removed.
   */
  public record Expiration(
      Optional<Integer> days, Optional<Instant> date, Optional<Boolean> expiredObjectDeleteMarker) {

    public Expiration {
      Objects.requireNonNull(days, "days");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(expiredObjectDeleteMarker, "expiredObjectDeleteMarker");
    }

    public static Expiration afterDays(int days) {
      return new Expiration(Optional.of(days), Optional.empty(), Optional.empty());
    }
  }

  /**
   * When noncurrent versions are deleted for good: {@code noncurrentDays} after they became
   * noncurrent, except the newest {@code newerNoncurrentVersions}, which are kept.
   */
  public record NoncurrentExpiration(
      Optional<Integer> noncurrentDays, Optional<Integer> newerNoncurrentVersions) {

    public NoncurrentExpiration {
      Objects.requireNonNull(noncurrentDays, "noncurrentDays");
      Objects.requireNonNull(newerNoncurrentVersions, "newerNoncurrentVersions");
    }

    public static NoncurrentExpiration afterDays(int days) {
      return new NoncurrentExpiration(Optional.of(days), Optional.empty());
    }
  }

  public record Transition(Optional<Integer> days, Optional<Instant> date, String storageClass) {

    public Transition {
      Objects.requireNonNull(days, "days");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(storageClass, "storageClass");
    }
  }

  public record NoncurrentTransition(
      Optional<Integer> noncurrentDays,
      Optional<Integer> newerNoncurrentVersions,
      String storageClass) {

    public NoncurrentTransition {
      Objects.requireNonNull(noncurrentDays, "noncurrentDays");
      Objects.requireNonNull(newerNoncurrentVersions, "newerNoncurrentVersions");
      Objects.requireNonNull(storageClass, "storageClass");
    }
  }
}
