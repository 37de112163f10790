// Service prefixes that are real (AWS itself published policies with them) but absent from the Service
// Authorization Reference the data is built from: retired services (AWS drops them from the reference when they
// are discontinued) and a few prefixes the reference never listed. Their actions cannot be checked, but they are
// not typos: rules say the data does not know them (a warning) instead of calling them invalid (an error).
// Discontinued services: https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html

/** Prefix (lower case) → the product it belonged to. */
const RETIRED_OR_UNLISTED: ReadonlyMap<string, string> = new Map([
  ['builderid', 'AWS Builder ID (not listed in the reference)'],
  ['datazonecontrol', 'Amazon DataZone portal control plane (not listed in the reference)'],
  ['deepcomposer', 'AWS DeepComposer (discontinued 2025)'],
  ['deeplens', 'AWS DeepLens (discontinued 2024)'],
  ['deepracer', 'AWS DeepRacer console (removed from the reference)'],
  ['elastic-inference', 'Amazon Elastic Inference (discontinued 2024)'],
  ['gamesparks', 'Amazon GameSparks (discontinued 2022)'],
  ['iot1click', 'AWS IoT 1-Click (discontinued 2024)'],
  ['iotroborunner', 'AWS IoT RoboRunner (preview ended 2023)'],
  ['macie', 'Amazon Macie Classic (retired 2021; the current service is macie2)'],
  ['mobilehub', 'AWS Mobile Hub (replaced by AWS Amplify)'],
  ['sagemaker-groundtruth-synthetic', 'Amazon SageMaker Ground Truth synthetic data (discontinued)'],
  ['zocalo', 'Amazon WorkDocs, former prefix (discontinued 2025)'],
]);

/** The product a retired or unlisted service prefix belonged to, or undefined for any other prefix. */
export function retiredServiceName(prefix: string): string | undefined {
  return RETIRED_OR_UNLISTED.get(prefix.toLowerCase());
}
