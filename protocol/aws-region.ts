/**
 * The shape of an AWS region code (us-east-1, eu-central-2, us-gov-west-1, us-iso-east-1, …),
 * the one check the console's forms and API and the authorizer's AWS_REGION use. A shape, not a
 * list: new regions must not need a release.
 */
export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
