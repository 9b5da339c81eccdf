package io.s3posture.aws;

import io.s3posture.aws.EventSelectors.Advanced;
import io.s3posture.aws.EventSelectors.FieldSelector;
import io.s3posture.aws.EventSelectors.ObjectSpace;
import io.s3posture.aws.EventSelectors.Operator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which S3 data events one advanced event selector selects for every object of a space. CloudTrail
 * selects an event when every field selector matches (AND); the values of one operator are
 * alternatives (OR). Anything that may leave out some objects or some events counts as not
 * selecting them.
 */
final class AdvancedSelectorCoverage {

  private static final String S3_EVENT_SOURCE = "s3.amazonaws.com";

  private AdvancedSelectorCoverage() {}

  static Set<DataEventAccess> of(Advanced selector, ObjectSpace objects) {
    boolean dataEvents = false;
    boolean s3Objects = false;
    Set<DataEventAccess> access = EnumSet.allOf(DataEventAccess.class);
    for (FieldSelector field : selector.fieldSelectors()) {
      switch (field.field()) {
        case "eventCategory" -> {
          if (!equalsOnlyContaining(field, "Data")) {
            return Set.of();
          }
          dataEvents = true;
        }
        case "resources.type" -> {
          if (!equalsOnlyContaining(field, EventSelectors.S3_OBJECT)) {
            return Set.of();
          }
          s3Objects = true;
        }
        case "readOnly" -> access.retainAll(readOnly(field));
        case "resources.ARN" -> {
          if (!selectsEveryObject(field, objects)) {
            return Set.of();
          }
        }
        case "eventSource" -> {
          if (!equalsOnlyContaining(field, S3_EVENT_SOURCE)) {
            return Set.of();
          }
        }
        // eventName, userIdentity.arn, errorCode, ...: a filter that may leave events out
        default -> {
          return Set.of();
        }
      }
    }
    return dataEvents && s3Objects ? access : Set.of();
  }

  /** Only an Equals condition, and one of its values is {@code value}. */
  private static boolean equalsOnlyContaining(FieldSelector field, String value) {
    return field.operators().keySet().equals(Set.of(Operator.EQUALS))
        && field.values(Operator.EQUALS).contains(value);
  }

  /** readOnly Equals true: reads; false: writes; both: both. Any other operator: nothing known. */
  private static Set<DataEventAccess> readOnly(FieldSelector field) {
    if (!field.operators().keySet().equals(Set.of(Operator.EQUALS))) {
      return Set.of();
    }
    Set<DataEventAccess> access = EnumSet.noneOf(DataEventAccess.class);
    for (String value : field.values(Operator.EQUALS)) {
      if ("true".equalsIgnoreCase(value)) {
        access.add(DataEventAccess.READ);
      } else if ("false".equalsIgnoreCase(value)) {
        access.add(DataEventAccess.WRITE);
      }
    }
    return access;
  }

  /**
   * Every object of the space passes the resources.ARN conditions: each inclusive operator has a
   * StartsWith value that every object starts with (Equals and EndsWith name single objects or
   * suffixes, never a whole bucket), and no exclusion can reach an object of the space.
   */
  private static boolean selectsEveryObject(FieldSelector field, ObjectSpace objects) {
    if (!field.values(Operator.EQUALS).isEmpty()
        || !field.values(Operator.ENDS_WITH).isEmpty()
        || !field.values(Operator.NOT_ENDS_WITH).isEmpty()) {
      return false;
    }
    List<String> startsWith = field.values(Operator.STARTS_WITH);
    if (field.operators().containsKey(Operator.STARTS_WITH)
        && startsWith.stream().noneMatch(objects::startsWith)) {
      return false;
    }
    return field.values(Operator.NOT_STARTS_WITH).stream().allMatch(objects::isDisjointFrom)
        && field.values(Operator.NOT_EQUALS).stream().allMatch(objects::excludes);
  }
}
