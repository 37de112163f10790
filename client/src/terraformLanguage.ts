// The `terraform` language as GrantCheck contributes it: `.tf` files, the HCL grammar in syntaxes/ (package.json),
// and, at run time, its editing rules (comments, brackets) — unless the HashiCorp Terraform extension is installed,
// whose own grammar and language configuration then apply unchanged.
//
// Why this split: VS Code binds one grammar per language, the last registered winning, and registers user
// extensions in the alphabetical order of their folder names (`grantcheck.grantcheck-…` before
// `hashicorp.terraform-…`), so HashiCorp's `source.hcl.terraform` grammar replaces ours for `terraform` when both
// are installed; ours has its own scope name (`source.grantcheck.hcl`) so it never replaces theirs. A language
// configuration, by contrast, is merged from every contribution, so ours is set through the API only when
// HashiCorp's extension is absent (and withdrawn if it is installed later).

import * as vscode from 'vscode';
import { HASHICORP_TERRAFORM, TERRAFORM_LANGUAGE_CONFIGURATION } from './terraformLanguageConfig';

export function registerTerraformLanguage(context: vscode.ExtensionContext): void {
  let ours: vscode.Disposable | undefined;
  const update = (): void => {
    const hashicorp = vscode.extensions.getExtension(HASHICORP_TERRAFORM) !== undefined;
    if (hashicorp && ours) {
      ours.dispose();
      ours = undefined;
    } else if (!hashicorp && !ours) {
      ours = vscode.languages.setLanguageConfiguration('terraform', TERRAFORM_LANGUAGE_CONFIGURATION);
    }
  };
  update();
  context.subscriptions.push(vscode.extensions.onDidChange(update), { dispose: () => ours?.dispose() });
}
