package io.s3posture.localstack.proxy;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each bucket's region, which moto's ListBuckets does not report. Learnt from CreateBucket requests
 * that pass through the proxy, otherwise asked of moto once and remembered: moto filters a listing
 * by {@code bucket-region}, so one listing per region (us-east-1 first) finds every bucket's region
 * in a few requests; a bucket in none of the known regions is located with GetBucketLocation.
 */
final class BucketRegions {

  /** AWS's commercial, China and GovCloud regions, the order in which moto is asked. */
  static final List<String> AWS_REGIONS =
      List.of(
          "us-east-1",
          "us-east-2",
          "us-west-1",
          "us-west-2",
          "eu-west-1",
          "eu-west-2",
          "eu-west-3",
          "eu-central-1",
          "eu-central-2",
          "eu-north-1",
          "eu-south-1",
          "eu-south-2",
          "ap-east-1",
          "ap-south-1",
          "ap-south-2",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-northeast-3",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-southeast-3",
          "ap-southeast-4",
          "ap-southeast-5",
          "ap-southeast-7",
          "ca-central-1",
          "ca-west-1",
          "sa-east-1",
          "me-south-1",
          "me-central-1",
          "il-central-1",
          "af-south-1",
          "mx-central-1",
          "cn-north-1",
          "cn-northwest-1",
          "us-gov-east-1",
          "us-gov-west-1");

  private static final Pattern LOCATION =
      Pattern.compile("<LocationConstraint[^>]*?(?:/>|>([^<]*)</LocationConstraint>)");

  private final Map<String, String> known = new ConcurrentHashMap<>();

  /** A CreateBucket request that succeeded, with its body (the CreateBucketConfiguration). */
  void created(String bucket, byte[] createBucketConfiguration) {
    known.put(bucket, locationOf(new String(createBucketConfiguration, StandardCharsets.UTF_8)));
  }

  void deleted(String bucket) {
    known.remove(bucket);
  }

  /**
   * The region of each of {@code names}; a bucket whose region cannot be found is left out. {@code
   * like} is the client's request, whose headers (credentials: moto's account) the lookups reuse.
   */
  Map<String, String> resolve(
      Collection<String> names, ProxyRequest like, Optional<String> prefix, Upstream upstream)
      throws IOException {
    Map<String, String> regions = new HashMap<>();
    Set<String> unknown = new HashSet<>();
    for (String name : names) {
      String region = known.get(name);
      if (region != null) {
        regions.put(name, region);
      } else {
        unknown.add(name);
      }
    }
    Set<String> order = new LinkedHashSet<>();
    order.add("us-east-1");
    order.addAll(known.values());
    order.addAll(AWS_REGIONS);
    for (String region : order) {
      if (unknown.isEmpty()) {
        break;
      }
      String target =
          "/?bucket-region=" + encode(region) + prefix.map(p -> "&prefix=" + encode(p)).orElse("");
      ProxyResponse answer = upstream.send(ProxyRequest.of("GET", target, like.headers()));
      if (answer.status() != 200) {
        continue;
      }
      for (BucketListing.Entry entry : BucketListing.parse(answer.body()).buckets()) {
        known.put(entry.name(), region);
        if (unknown.remove(entry.name())) {
          regions.put(entry.name(), region);
        }
      }
    }
    for (String name : new ArrayList<>(unknown)) {
      ProxyResponse answer =
          upstream.send(ProxyRequest.of("GET", "/" + encode(name) + "?location", like.headers()));
      if (answer.status() == 200) {
        String region = locationOf(answer.bodyText());
        known.put(name, region);
        regions.put(name, region);
      }
    }
    return regions;
  }

  /** The region a LocationConstraint names: none means us-east-1, {@code EU} eu-west-1. */
  static String locationOf(String xml) {
    Matcher matcher = LOCATION.matcher(xml);
    String constraint = matcher.find() && matcher.group(1) != null ? matcher.group(1).trim() : "";
    if (constraint.isEmpty()) {
      return "us-east-1";
    }
    return constraint.equals("EU") ? "eu-west-1" : constraint;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
