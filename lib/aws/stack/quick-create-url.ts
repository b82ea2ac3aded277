/** CloudFormation's quick-create link: the review page with the template and parameters filled in. */
export function quickCreateUrl(region: string, templateUrl: string, stackName: string, params: Record<string, string>): string {
  const query = new URLSearchParams({ templateURL: templateUrl, stackName });
  for (const [k, v] of Object.entries(params)) query.set(`param_${k}`, v);
  return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${encodeURIComponent(region)}#/stacks/create/review?${query.toString()}`;
}
