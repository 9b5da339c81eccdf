package io.s3posture.cli;

import io.s3posture.control.FrameworkMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The help of a SARIF rule, taken from docs/audit.md as the build bundles it: each check's row of
 * its tables of checks ({@code | `check` | passes when | severity | CIS | Security Hub |}). One
 * text for readers of the docs and of code scanning; a test fails when a check has no row.
 */
final class CheckHelp {

  static final String RESOURCE = "/docs/audit.md";

  /** AWS's reference of Security Hub controls, one page per service: where a mapping points. */
  private static final String SECURITY_HUB_CONTROLS =
      "https://docs.aws.amazon.com/securityhub/latest/userguide/%s-controls.html#%s";

  private static final Pattern ROW =
      Pattern.compile("^\\| `(\\w+)` \\|(.+?)\\|\\s*(\\w+)\\s*\\|([^|]*)\\|([^|]*)\\|$");

  private static final Map<String, String> PASSES_WHEN = load();

  private CheckHelp() {}

  /** What docs/audit.md says the check passes when, if it has a row for it. */
  static Optional<String> passesWhen(String check) {
    return Optional.ofNullable(PASSES_WHEN.get(check));
  }

  /** The help as plain text. */
  static String text(AuditCheck check) {
    return check.title()
        + ": passes when "
        + passesWhen(check.id()).map(CheckHelp::plain).orElse(check.description())
        + " Severity "
        + check.severity().label()
        + ".";
  }

  /** The help as GitHub-flavoured Markdown, which code scanning shows with an alert. */
  static String markdown(AuditCheck check) {
    StringBuilder md = new StringBuilder();
    md.append("**").append(check.title()).append("**\n\n");
    md.append("Passes when ")
        .append(passesWhen(check.id()).orElse(check.description()))
        .append("\n\n");
    md.append("Severity: **").append(check.severity().label()).append("**");
    for (FrameworkMapping mapping : check.frameworks()) {
      md.append(" · ").append(mapping.framework()).append(' ');
      md.append(
          securityHubLink(mapping)
              .map(url -> "[" + mapping.id() + "](" + url + ")")
              .orElse(mapping.id()));
    }
    md.append("\n\nSee *The recommended baseline* in docs/audit.md of s3-posture-operator.");
    return md.toString();
  }

  /** AWS's documentation of the check's first Security Hub control, if it maps to one. */
  static Optional<String> helpUri(AuditCheck check) {
    return check.frameworks().stream()
        .map(CheckHelp::securityHubLink)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> securityHubLink(FrameworkMapping mapping) {
    Matcher id = Pattern.compile("^([A-Za-z0-9]+)\\.(\\d+)$").matcher(mapping.id());
    if (!mapping.framework().equals(FrameworkMapping.SECURITY_HUB) || !id.matches()) {
      return Optional.empty();
    }
    String service = id.group(1).toLowerCase(Locale.ROOT);
    return Optional.of(SECURITY_HUB_CONTROLS.formatted(service, service + "-" + id.group(2)));
  }

  private static String plain(String markdown) {
    return markdown.replace("`", "").replace("**", "");
  }

  private static Map<String, String> load() {
    try (InputStream in = CheckHelp.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Map.of(); // classes without the build's resources: the descriptions stand in
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> parse(String markdown) {
    Map<String, String> rows = new HashMap<>();
    for (String line : markdown.lines().toList()) {
      Matcher row = ROW.matcher(line.strip());
      if (row.matches() && !row.group(2).startsWith("---")) {
        rows.putIfAbsent(row.group(1), row.group(2).strip());
      }
    }
    return Map.copyOf(rows);
  }

  static List<String> documented() {
    return List.copyOf(PASSES_WHEN.keySet());
  }
}
