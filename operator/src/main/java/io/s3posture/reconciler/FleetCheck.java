package io.s3posture.reconciler;

import io.s3posture.aws.S3Gateway;
import io.s3posture.control.BucketCheck;
import io.s3posture.control.BucketResult;
import io.s3posture.control.ConflictGuard;
import io.s3posture.control.ManagedControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.MDC;

/** Runs the bucket check over many buckets on a bounded pool shared by all policies. */
public final class FleetCheck {

  private final BucketCheck check;
  private final ExecutorService pool;

  public FleetCheck(BucketCheck check, ExecutorService pool) {
    this.check = check;
    this.pool = pool;
  }

  /** One result per bucket, in the order of {@code buckets}. */
  public List<BucketResult> run(
      S3Gateway gateway,
      List<String> buckets,
      List<ManagedControl<?, ?>> controls,
      ConflictGuard guard) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    List<CompletableFuture<BucketResult>> futures = new ArrayList<>();
    for (String bucket : buckets) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                if (context != null) {
                  MDC.setContextMap(context);
                }
                try {
                  return check.run(gateway, bucket, controls, guard);
                } finally {
                  MDC.clear();
                }
              },
              pool));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
