package io.s3posture.status;

import io.s3posture.api.v1alpha1.BucketCounts;
import io.s3posture.control.BucketResult;
import java.util.List;

/** Counts buckets by their worst control's state. */
final class BucketCountsTally {

  private BucketCountsTally() {}

  static BucketCounts of(List<BucketResult> results) {
    int compliant = 0;
    int corrected = 0;
    int drifted = 0;
    int failed = 0;
    int needsHuman = 0;
    int conflicted = 0;
    for (BucketResult result : results) {
      switch (result.state()) {
        case COMPLIANT -> compliant++;
        case CORRECTED -> {
          compliant++;
          corrected++;
        }
        case DRIFTED -> drifted++;
        case NEEDS_HUMAN -> needsHuman++;
        case CONFLICT -> conflicted++;
        case FAILED -> failed++;
      }
    }
    return new BucketCounts(
        results.size(), compliant, drifted, corrected, failed, needsHuman, conflicted);
  }
}
