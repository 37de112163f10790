// Editing rules of the `terraform` language when no Terraform extension provides them (pure: unit-tested).
// HCL syntax: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (comments `#`, `//`, `/* */`; strings
// in double quotes; `${…}` interpolation and `%{…}` directives).

import type { LanguageConfiguration, SyntaxTokenType } from 'vscode';

/** vscode.SyntaxTokenType values (the module is imported for types only, so it runs without VS Code). */
const COMMENT = 1 as SyntaxTokenType;
const STRING = 2 as SyntaxTokenType;

/** The HashiCorp Terraform extension's id: when it is installed, its language configuration and grammar apply. */
export const HASHICORP_TERRAFORM = 'hashicorp.terraform';

export const TERRAFORM_LANGUAGE_CONFIGURATION: LanguageConfiguration = {
  comments: { lineComment: '#', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: [STRING, COMMENT] },
    { open: '/*', close: ' */', notIn: [STRING] },
  ],
};
