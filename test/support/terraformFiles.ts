// Generated Terraform files for performance checks: many `aws_iam_policy` resources, optionally each with one typo.

/** `count` policies in jsonencode; with `typo`, each has one misspelt action (so each finding carries a fix). */
export function generateTerraformPolicies(count: number, typo: boolean): string {
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push(
      [
        `resource "aws_iam_policy" "p${i}" {`,
        `  name = "p${i}"`,
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [',
        '      {',
        '        Effect   = "Allow"',
        `        Action   = ["s3:${typo ? 'GetObjects' : 'GetObject'}", "s3:PutObject"]`,
        `        Resource = "arn:aws:s3:::bucket-${i}/*"`,
        '      }',
        '    ]',
        '  })',
        '}',
        '',
      ].join('\n'),
    );
  }
  return blocks.join('\n');
}
