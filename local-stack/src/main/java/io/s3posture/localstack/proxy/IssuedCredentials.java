package io.s3posture.localstack.proxy;

/**
 * Temporary credentials STS issued through the proxy.
 *
 * @param operation {@code AssumeRole} or {@code AssumeRoleWithWebIdentity}
 * @param accessKeyId the key id moto issued; requests signed with it are the role's
 * @param assumedRoleArn the assumed-role ARN of the answer ({@code
 *     arn:aws:sts::...:assumed-role/...})
 * @param requestedRoleArn the RoleArn the caller asked for
 * @param webIdentityToken the token the caller presented (empty for AssumeRole)
 */
public record IssuedCredentials(
    String operation,
    String accessKeyId,
    String assumedRoleArn,
    String requestedRoleArn,
    String webIdentityToken) {}
