package io.s3posture.localstack.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who signed what, as moto's side sees it: the access key id of each request's SigV4 credential, by
 * operation, and the temporary credentials STS handed out (AssumeRole, AssumeRoleWithWebIdentity),
 * with the role and the web identity token they were issued for. A test matches the two to prove
 * that calls were made with an assumed role, without trusting the caller's own account of it.
 */
final class Signers {

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
  private static final Pattern ACCESS_KEY_ID =
      Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");
  private static final Pattern ASSUMED_ROLE_ARN =
      Pattern.compile("<AssumedRoleUser>.*?<Arn>([^<]+)</Arn>", Pattern.DOTALL);

  private final Map<String, Map<String, LongAdder>> byOperation = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> bucketsByKey = new ConcurrentHashMap<>();
  private final List<IssuedCredentials> issued = new CopyOnWriteArrayList<>();

  void signed(AwsOperation op, ProxyRequest request) {
    Optional<String> key = accessKeyId(request);
    if (key.isEmpty()) {
      return;
    }
    byOperation
        .computeIfAbsent(op.qualifiedName(), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(key.get(), k -> new LongAdder())
        .increment();
    op.bucket()
        .ifPresent(
            bucket ->
                bucketsByKey
                    .computeIfAbsent(key.get(), k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(bucket, b -> new LongAdder())
                    .increment());
  }

  /** Remembers the credentials of a successful AssumeRole* answer. */
  void answered(AwsOperation op, ProxyRequest request, ProxyResponse response) {
    if (!op.service().equals("sts")
        || !op.name().startsWith("AssumeRole")
        || response.status() != 200) {
      return;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    Matcher key = ACCESS_KEY_ID.matcher(body);
    if (!key.find()) {
      return;
    }
    Matcher role = ASSUMED_ROLE_ARN.matcher(body);
    Map<String, List<String>> form =
        ProxyRequest.parseForm(new String(request.body(), StandardCharsets.UTF_8));
    issued.add(
        new IssuedCredentials(
            op.name(),
            key.group(1),
            role.find() ? role.group(1) : "",
            first(form, "RoleArn").or(() -> request.queryParameter("RoleArn")).orElse(""),
            first(form, "WebIdentityToken")
                .or(() -> request.queryParameter("WebIdentityToken"))
                .orElse("")));
  }

  Map<String, Map<String, Long>> byOperation() {
    return snapshot(byOperation);
  }

  Map<String, Map<String, Long>> bucketsByKey() {
    return snapshot(bucketsByKey);
  }

  private static Map<String, Map<String, Long>> snapshot(Map<String, Map<String, LongAdder>> map) {
    Map<String, Map<String, Long>> result = new TreeMap<>();
    map.forEach(
        (op, keys) -> {
          Map<String, Long> counts = new TreeMap<>();
          keys.forEach((key, count) -> counts.put(key, count.sum()));
          result.put(op, Map.copyOf(counts));
        });
    return result;
  }

  List<IssuedCredentials> issued() {
    return List.copyOf(issued);
  }

  void reset() {
    byOperation.clear();
    bucketsByKey.clear();
    issued.clear();
  }

  static Optional<String> accessKeyId(ProxyRequest request) {
    Optional<String> header = request.headers().first("Authorization");
    if (header.isPresent()) {
      Matcher matcher = CREDENTIAL.matcher(header.get());
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return request.queryParameter("X-Amz-Credential").map(c -> c.split("/", 2)[0]);
  }

  private static Optional<String> first(Map<String, List<String>> form, String name) {
    return Optional.ofNullable(form.get(name)).map(values -> values.get(0));
  }
}
