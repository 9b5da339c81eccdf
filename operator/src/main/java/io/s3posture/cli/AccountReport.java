package io.s3posture.cli;

import java.util.Optional;

/**
 * The account-level check, reported once per run (one set of credentials is one account).
 *
 * @param accountId empty when it could not be found out
 */
public record AccountReport(Optional<String> accountId, CheckResult result) {}
