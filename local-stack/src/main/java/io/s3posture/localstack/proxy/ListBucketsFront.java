package io.s3posture.localstack.proxy;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Answers ListBuckets the way S3 does since it paginates it (2024), from moto's complete bucket
 * set: buckets in name order with their {@code BucketRegion}; with {@code max-buckets} (1-10,000),
 * {@code continuation-token}, {@code prefix} or {@code bucket-region} in the request, pages of at
 * most {@code max-buckets} (default 10,000) and a {@code ContinuationToken} while more follow. A
 * listing is read from moto at its first page and its later pages come from that snapshot ({@link
 * ListingSnapshots}).
 *
 * <p>moto 5.2 ignores {@code continuation-token} and cuts its answer at {@code max-buckets} without
 * a token, so an SDK paginator stops after one page. Without {@code max-buckets} moto returns every
 * bucket (it has no 1,000 cap of its own): the front asks moto that way (keeping {@code prefix} and
 * {@code bucket-region}, which moto does honour) and pages the result itself. Regions come from
 * {@link BucketRegions}.
 */
final class ListBucketsFront {

  static final int MAX_PAGE = 10_000;
  static final String TOKEN_PREFIX = "v1:";

  private final Upstream upstream;
  private final BucketRegions regions;
  private final ListingSnapshots snapshots = new ListingSnapshots();

  ListBucketsFront(Upstream upstream, BucketRegions regions) {
    this.upstream = upstream;
    this.regions = regions;
  }

  ProxyResponse answer(ProxyRequest request) throws IOException {
    Map<String, List<String>> query = request.query();
    Optional<String> maxBuckets = first(query, "max-buckets");
    Optional<String> token = first(query, "continuation-token");
    Optional<String> prefix = first(query, "prefix").filter(p -> !p.isEmpty());
    Optional<String> bucketRegion = first(query, "bucket-region").filter(r -> !r.isEmpty());
    boolean paginated =
        maxBuckets.isPresent()
            || token.isPresent()
            || prefix.isPresent()
            || bucketRegion.isPresent();
    int pageSize;
    try {
      pageSize = maxBuckets.map(Integer::parseInt).orElse(MAX_PAGE);
    } catch (NumberFormatException e) {
      pageSize = -1;
    }
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      return invalidArgument("max-buckets must be between 1 and " + MAX_PAGE);
    }
    Optional<Token> after;
    try {
      after = token.filter(t -> !t.isEmpty()).map(Token::decode);
    } catch (IllegalArgumentException e) {
      return invalidArgument("The continuation token provided is incorrect");
    }

    Optional<ListingSnapshots.Snapshot> snapshot =
        after.flatMap(a -> a.snapshot().flatMap(snapshots::find));
    HeaderList headers = HeaderList.of();
    if (snapshot.isEmpty()) {
      StringJoiner upstreamQuery = new StringJoiner("&", "?", "").setEmptyValue("");
      prefix.ifPresent(p -> upstreamQuery.add("prefix=" + encode(p)));
      bucketRegion.ifPresent(r -> upstreamQuery.add("bucket-region=" + encode(r)));
      ProxyResponse all = upstream.send(request.withTarget("/" + upstreamQuery));
      if (all.status() != 200) {
        return all;
      }
      BucketListing listing = BucketListing.parse(all.body());
      snapshot =
          Optional.of(
              snapshots.keep(
                  listing.buckets().stream()
                      .sorted(Comparator.comparing(BucketListing.Entry::name))
                      .toList(),
                  listing.ownerId(),
                  listing.ownerDisplayName()));
      headers = all.headers().without("Content-Length");
    }
    ListingSnapshots.Snapshot listed = snapshot.get();
    List<BucketListing.Entry> rest =
        listed.sorted().stream()
            .filter(b -> after.map(a -> b.name().compareTo(a.lastName()) > 0).orElse(true))
            .toList();
    int size = paginated ? Math.min(pageSize, rest.size()) : rest.size();
    List<BucketListing.Entry> page = rest.subList(0, size);
    Map<String, String> located =
        bucketRegion.isPresent()
            ? Map.of()
            : regions.resolve(
                page.stream().map(BucketListing.Entry::name).toList(), request, prefix, upstream);
    List<BucketListing.Entry> withRegions =
        page.stream()
            .map(
                b ->
                    b.withRegion(bucketRegion.or(() -> Optional.ofNullable(located.get(b.name())))))
            .toList();
    Optional<String> next =
        size < rest.size()
            ? Optional.of(new Token(Optional.of(listed.id()), page.get(size - 1).name()).encode())
            : Optional.empty();
    String body =
        BucketListing.render(withRegions, listed.ownerId(), listed.ownerName(), next, prefix);
    return new ProxyResponse(
        200,
        "OK",
        headers.with("Content-Type", "application/xml"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static ProxyResponse invalidArgument(String message) {
    return ProxyResponse.of(
        400,
        HeaderList.of("Content-Type", "application/xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidArgument</Code><Message>"
            + BucketListing.escape(message)
            + "</Message><RequestId>0000000000000000</RequestId></Error>");
  }

  /**
   * A continuation token: the listing's snapshot and the last name returned, opaque to clients
   * (base64url of {@code v1:SNAPSHOT:NAME}).
   */
  record Token(Optional<Long> snapshot, String lastName) {

    String encode() {
      String text = TOKEN_PREFIX + snapshot.map(String::valueOf).orElse("") + ":" + lastName;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Token decode(String token) {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = text.indexOf(':', TOKEN_PREFIX.length());
      if (!text.startsWith(TOKEN_PREFIX) || colon < 0) {
        throw new IllegalArgumentException("not a token of this front: " + token);
      }
      String id = text.substring(TOKEN_PREFIX.length(), colon);
      return new Token(
          id.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(id)),
          text.substring(colon + 1));
    }
  }

  private static Optional<String> first(Map<String, List<String>> query, String key) {
    return Optional.ofNullable(query.get(key)).map(v -> v.get(0));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
