package io.s3posture.aws;

import java.util.List;

/** A bucket ACL: the owner and its grants. */
public record BucketAcl(String ownerId, List<Grant> grants) {

  public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  public static final String AUTHENTICATED_USERS =
      "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  public BucketAcl {
    grants = List.copyOf(grants);
  }

  /**
   * One grant. Exactly one of the grantee fields identifies the grantee.
   *
   * @param granteeType CanonicalUser, Group or AmazonCustomerByEmail
   * @param granteeId canonical user id (CanonicalUser)
   * @param granteeUri group URI (Group)
   * @param granteeEmail e-mail address (AmazonCustomerByEmail)
   * @param permission FULL_CONTROL, READ, WRITE, READ_ACP or WRITE_ACP
   */
  public record Grant(
      String granteeType,
      String granteeId,
      String granteeUri,
      String granteeEmail,
      String permission) {

    /** A grant to everyone or to every AWS account: public. */
    public boolean isPublic() {
      return ALL_USERS.equals(granteeUri) || AUTHENTICATED_USERS.equals(granteeUri);
    }

    public String grantee() {
      if (granteeUri != null) {
        return granteeUri.substring(granteeUri.lastIndexOf('/') + 1);
      }
      return granteeId != null ? granteeId : granteeEmail;
    }
  }

  public List<Grant> publicGrants() {
    return grants.stream().filter(Grant::isPublic).toList();
  }

  /** True when someone other than the owner has a grant. */
  public boolean grantsOthers() {
    return grants.stream()
        .anyMatch(grant -> grant.granteeId() == null || !grant.granteeId().equals(ownerId));
  }

  public BucketAcl withoutPublicGrants() {
    return new BucketAcl(ownerId, grants.stream().filter(grant -> !grant.isPublic()).toList());
  }
}
