package io.s3posture.localstack.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listings in progress: the complete, sorted bucket set read at a listing's first page, so that its
 * later pages cost moto nothing (moto answers a 10,000-bucket ListBuckets in seconds). The most
 * recent {@value #KEPT} are kept; a continuation token whose snapshot is gone is answered from a
 * fresh listing.
 */
final class ListingSnapshots {

  static final int KEPT = 64;

  /** One listing's buckets in name order, and their owner. */
  record Snapshot(long id, List<BucketListing.Entry> sorted, String ownerId, String ownerName) {}

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Snapshot> snapshots =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Snapshot> eldest) {
          return size() > KEPT;
        }
      };

  synchronized Snapshot keep(List<BucketListing.Entry> sorted, String ownerId, String ownerName) {
    Snapshot snapshot =
        new Snapshot(ids.incrementAndGet(), List.copyOf(sorted), ownerId, ownerName);
    snapshots.put(snapshot.id(), snapshot);
    return snapshot;
  }

  synchronized Optional<Snapshot> find(long id) {
    return Optional.ofNullable(snapshots.get(id));
  }
}
