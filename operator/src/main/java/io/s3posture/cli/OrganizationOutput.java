package io.s3posture.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.cli.OrganizationAudit.Member;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The report of an organization's audit, made of each member's report as {@code audit} renders one
 * account: the table, one section per account and a last line for the organization; JSON, one
 * document whose {@code accounts} hold each member's report; SARIF, one run per account (its {@code
 * automationDetails.id} names the account, so code-scanning UIs keep them apart).
 */
final class OrganizationOutput {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ReportRenderer renderer;
  private final OutputFormat format;

  OrganizationOutput(ReportRenderer renderer, OutputFormat format) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.format = Objects.requireNonNull(format, "format");
  }

  void render(List<Member> members, PrintStream out) {
    switch (format) {
      case TABLE -> table(members, out);
      case JSON -> out.println(JsonRenderer.pretty(json(members)));
      case SARIF -> out.println(JsonRenderer.pretty(sarif(members)));
    }
  }

  private void table(List<Member> members, PrintStream out) {
    for (Member member : members) {
      out.println("account " + member.accountId() + " (" + member.roleArn() + ")");
      out.println();
      out.print(rendered(member));
      out.println();
    }
    out.println(summary(members));
  }

  /** "organization: 3 accounts audited: 1 passed, 1 failed, 1 could not be audited". */
  static String summary(List<Member> members) {
    long passed = count(members, ExitCodePolicy.PASSED);
    long failed = count(members, ExitCodePolicy.FINDINGS);
    long errors = count(members, ExitCodePolicy.ERROR);
    return "organization: "
        + members.size()
        + (members.size() == 1 ? " account" : " accounts")
        + " audited: "
        + passed
        + " passed, "
        + failed
        + " failed, "
        + errors
        + " could not be audited";
  }

  private static long count(List<Member> members, int exitCode) {
    return members.stream().filter(m -> m.run().verdict().exitCode() == exitCode).count();
  }

  private ObjectNode json(List<Member> members) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", JsonRenderer.SCHEMA_VERSION);
    root.putObject("tool").put("name", AuditCommand.TOOL).put("version", AuditCommand.version());
    root.put(
        "exitCode",
        members.stream()
            .mapToInt(m -> m.run().verdict().exitCode())
            .max()
            .orElse(ExitCodePolicy.PASSED));
    ArrayNode accounts = root.putArray("accounts");
    for (Member member : members) {
      accounts
          .addObject()
          .put("accountId", member.accountId())
          .put("roleArn", member.roleArn())
          .set("report", parsed(member));
    }
    return root;
  }

  private ObjectNode sarif(List<Member> members) {
    ObjectNode root = null;
    ArrayNode runs = null;
    for (Member member : members) {
      ObjectNode document = (ObjectNode) parsed(member);
      ObjectNode run = (ObjectNode) document.get("runs").get(0);
      run.putObject("automationDetails")
          .put("id", AuditCommand.TOOL + "/" + member.accountId() + "/");
      if (root == null) {
        root = document;
        runs = (ArrayNode) document.get("runs");
      } else {
        runs.add(run);
      }
    }
    if (root == null) {
      root = MAPPER.createObjectNode();
      root.put("$schema", SarifRenderer.SCHEMA);
      root.put("version", SarifRenderer.VERSION);
      root.putArray("runs");
    }
    return root;
  }

  private String rendered(Member member) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      renderer.render(member.run().report(), member.run().verdict(), stream);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private JsonNode parsed(Member member) {
    try {
      return MAPPER.readTree(rendered(member));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
