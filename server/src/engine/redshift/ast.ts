// Redshift script syntax tree. (Placeholder shape: the parser issue replaces it with the full AST.)

export interface RedshiftStatement {
  start: number;
  end: number;
}

export interface RedshiftScript {
  text: string;
  statements: RedshiftStatement[];
}
