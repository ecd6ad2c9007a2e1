// The Cypher grammar: a pure Chevrotain CstParser (no embedded actions). src/cypher/cst-to-ast.ts
// turns its CST into the AST.
//
// Design notes that matter for speed and for reading the CST:
// - Expressions are flat: `expression` is prefix operators, an operand, then a list of `exprTail`s
//   (operator + prefix operators + operand). The AST builder applies openCypher's precedence with
//   operator-precedence climbing. This keeps a CST of four nodes per leaf instead of fifteen and the
//   parser's recursion shallow per parenthesis level.
// - Where LL(k) cannot decide (pattern vs parenthesised expression, list vs comprehension, function
//   names with namespaces, soft keywords that are also names) a GATE scans tokens forward without
//   recursion; nothing backtracks.
// - Prefix operator tokens are labelled `prefix` and operator tokens `op`, so the CST keeps their order.
import { CstParser, EOF, tokenMatcher, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

const K = T.keywords as Record<string, TokenType> & { [k: string]: TokenType };
const kw = (w: string): TokenType => {
  const t = K[w];
  if (t === undefined) throw new Error(`no keyword token ${w}`);
  return t;
};

const TYPE_WORDS = new Set([
  'ANY', 'NOTHING', 'NULL', 'BOOL', 'BOOLEAN', 'VARCHAR', 'STRING', 'INT', 'SIGNED', 'INTEGER', 'FLOAT',
  'DATE', 'LOCAL', 'TIME', 'DATETIME', 'ZONED', 'TIMEZONE', 'ZONE', 'DURATION', 'POINT', 'NODE',
  'VERTEX', 'RELATIONSHIP', 'EDGE', 'MAP', 'LIST', 'ARRAY', 'PATH', 'PROPERTY', 'VALUE', 'TIMESTAMP',
]);

/** Tokens that may follow the `(` of a node pattern (used to tell patterns from parenthesised expressions). */
const NODE_PATTERN_STARTERS = [T.SoftName, T.Colon, T.LCurly, T.Parameter, T.RParen, kw('WHERE')];

export class CypherParser extends CstParser {
  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------- lookahead helpers (no actions)

  private is(i: number, t: TokenType): boolean {
    return tokenMatcher(this.LA(i), t);
  }

  /** Index just past the bracket group that opens at LA(i), or -1 when unbalanced. */
  private skipGroup(i: number): number {
    let depth = 0;
    for (let j = i; ; j++) {
      const t = this.LA(j);
      if (t.tokenType === EOF) return -1;
      const tt = t.tokenType;
      if (tt === T.LParen || tt === T.LBracket || tt === T.LCurly) depth++;
      else if (tt === T.RParen || tt === T.RBracket || tt === T.RCurly) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
  }

  /** True when LA(i) starts `(node)-[...]-...`: a relationship pattern, not a parenthesised expression. */
  private relationshipPatternAt(i: number): boolean {
    if (!this.is(i, T.LParen)) return false;
    const first = this.LA(i + 1);
    if (!NODE_PATTERN_STARTERS.some((t) => tokenMatcher(first, t))) return false;
    if (tokenMatcher(first, T.SoftName)) {
      const second = this.LA(i + 2);
      if (!NODE_PATTERN_STARTERS.some((t) => t !== T.SoftName && tokenMatcher(second, t))) return false;
    }
    const after = this.skipGroup(i);
    if (after < 0) return false;
    let j = after;
    if (this.is(j, T.Less)) j++;
    if (!this.is(j, T.Minus)) return false;
    j++;
    if (this.is(j, T.Minus)) return true;
    if (!this.is(j, T.LBracket)) return false;
    const inner = this.LA(j + 1);
    const ok = [T.SoftName, T.Colon, T.Star, T.LCurly, T.Parameter, T.RBracket, kw('WHERE')].some((t) =>
      tokenMatcher(inner, t),
    );
    if (!ok) return false;
    const close = this.skipGroup(j);
    return close > 0 && this.is(close, T.Minus);
  }

  /** Called just after `[`: `[p = (a)-->(b) | ...]` or `[(a)-->(b) | ...]`. */
  private patternComprehensionAhead(): boolean {
    if (this.is(1, T.SoftName) && this.is(2, T.Equals)) return this.relationshipPatternAt(3);
    return this.relationshipPatternAt(1);
  }

  /** COUNT {, COLLECT {, ALL/ANY/NONE/SINGLE (x IN, REDUCE ( : the keyword reading of a soft keyword. */
  private softKeywordAhead(): boolean {
    const t = this.LA(1).tokenType.name;
    switch (t) {
      case 'COUNT':
      case 'COLLECT':
        return this.is(2, T.LCurly);
      case 'ALL':
      case 'ANY':
      case 'NONE':
      case 'SINGLE':
        return this.is(2, T.LParen) && this.is(3, T.SoftName) && this.is(4, kw('IN'));
      case 'REDUCE':
        return this.is(2, T.LParen);
      default:
        return false;
    }
  }

  /** `a.b.c(`: a (namespaced) function invocation. */
  private functionCallAhead(): boolean {
    let j = 2;
    while (this.is(j, T.Dot) && this.is(j + 1, T.AnyName)) j += 2;
    return this.is(j, T.LParen);
  }

  private typeWordAt(i: number): boolean {
    const t = this.LA(i);
    if (!tokenMatcher(t, T.AnyName)) return false;
    const w = t.image.toUpperCase();
    if (w === 'WITH' || w === 'WITHOUT') {
      const n = this.LA(i + 1).image.toUpperCase();
      return n === 'TIME' || n === 'TIMEZONE';
    }
    return TYPE_WORDS.has(w);
  }

  /** GRANT ROLE[S] a, b TO c (role membership) rather than GRANT ROLE MANAGEMENT ON DBMS TO c. */
  private roleGrantAhead(): boolean {
    if (!this.is(1, kw('ROLE')) && !this.is(1, kw('ROLES'))) return false;
    for (let j = 2; ; j++) {
      const t = this.LA(j);
      if (t.tokenType === EOF || tokenMatcher(t, kw('ON'))) return false;
      if (tokenMatcher(t, kw('TO')) || tokenMatcher(t, kw('FROM'))) return true;
    }
  }

  // ---------------------------------------------------------------- statements

  public statement = this.RULE('statement', () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(kw('EXPLAIN')) }, { ALT: () => this.CONSUME(kw('PROFILE')) }]));
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.createCommandAhead(), ALT: () => this.SUBRULE(this.createCommand) },
        { ALT: () => this.SUBRULE(this.query) },
        { ALT: () => this.SUBRULE(this.dropCommand) },
        { ALT: () => this.SUBRULE(this.alterCommand) },
        { ALT: () => this.SUBRULE(this.showCommand) },
        { ALT: () => this.SUBRULE(this.startStopCommand) },
        { ALT: () => this.SUBRULE(this.renameCommand) },
        { ALT: () => this.SUBRULE(this.undropCommand) },
        { ALT: () => this.SUBRULE(this.grantCommand) },
        { ALT: () => this.SUBRULE(this.denyCommand) },
        { ALT: () => this.SUBRULE(this.revokeCommand) },
      ],
    });
    this.OPTION2(() => this.CONSUME(T.Semicolon));
    this.CONSUME(EOF);
  });

  private createCommandAhead(): boolean {
    if (!this.is(1, kw('CREATE'))) return false;
    const t = this.LA(2);
    if (tokenMatcher(t, kw('OR'))) return true;
    const w = t.tokenType.name;
    if (this.is(3, T.Equals)) return false;
    return ['DATABASE', 'ALIAS', 'USER', 'ROLE', 'INDEX', 'CONSTRAINT', 'RANGE', 'TEXT', 'POINT', 'LOOKUP', 'FULLTEXT', 'VECTOR', 'BTREE'].includes(w);
  }

  public query = this.RULE('query', () => {
    this.SUBRULE(this.singleQuery);
    this.MANY(() => {
      this.CONSUME(kw('UNION'));
      this.OPTION(() => this.CONSUME(kw('ALL')));
      this.SUBRULE2(this.singleQuery);
    });
  });

  public singleQuery = this.RULE('singleQuery', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.clause));
  });

  private clauseAlts?: IOrAlt<unknown>[];
  public clause = this.RULE('clause', () => {
    this.OR((this.clauseAlts ??= [
      { ALT: () => this.SUBRULE(this.useClause) },
      { ALT: () => this.SUBRULE(this.matchClause) },
      { ALT: () => this.SUBRULE(this.unwindClause) },
      { ALT: () => this.SUBRULE(this.callClause) },
      { ALT: () => this.SUBRULE(this.withClause) },
      { ALT: () => this.SUBRULE(this.returnClause) },
      { ALT: () => this.SUBRULE(this.createClause) },
      { ALT: () => this.SUBRULE(this.mergeClause) },
      { ALT: () => this.SUBRULE(this.setClause) },
      { ALT: () => this.SUBRULE(this.removeClause) },
      { ALT: () => this.SUBRULE(this.deleteClause) },
      { ALT: () => this.SUBRULE(this.foreachClause) },
      { ALT: () => this.SUBRULE(this.loadCsvClause) },
      { ALT: () => this.CONSUME(kw('FINISH')) },
    ]));
  });

  public useClause = this.RULE('useClause', () => {
    this.CONSUME(kw('USE'));
    this.SUBRULE(this.databaseRef);
    this.OPTION(() => this.SUBRULE(this.callArguments));
  });

  public fromDatabase = this.RULE('fromDatabase', () => {
    this.CONSUME(kw('FROM'));
    this.CONSUME(kw('DATABASE'));
    this.SUBRULE(this.databaseRef);
  });

  public matchClause = this.RULE('matchClause', () => {
    this.OPTION(() => this.CONSUME(kw('OPTIONAL')));
    this.CONSUME(kw('MATCH'));
    this.SUBRULE(this.pattern);
    this.OPTION2(() => this.SUBRULE(this.fromDatabase));
    this.OPTION3(() => this.SUBRULE(this.where));
    this.OPTION4(() => this.SUBRULE2(this.fromDatabase));
  });

  public where = this.RULE('where', () => {
    this.CONSUME(kw('WHERE'));
    this.SUBRULE(this.expression);
  });

  public unwindClause = this.RULE('unwindClause', () => {
    this.CONSUME(kw('UNWIND'));
    this.SUBRULE(this.expression);
    this.CONSUME(kw('AS'));
    this.CONSUME(T.SoftName);
  });

  public callClause = this.RULE('callClause', () => {
    this.OPTION(() => this.CONSUME(kw('OPTIONAL')));
    this.CONSUME(kw('CALL'));
    this.OR([
      { ALT: () => this.SUBRULE(this.subqueryCall) },
      { ALT: () => this.SUBRULE(this.procedureCall) },
    ]);
  });

  public subqueryCall = this.RULE('subqueryCall', () => {
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() =>
        this.OR([
          { ALT: () => this.CONSUME(T.Star) },
          {
            ALT: () => {
              this.CONSUME(T.SoftName);
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.CONSUME2(T.SoftName);
              });
            },
          },
        ]),
      );
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.query);
    this.CONSUME(T.RCurly);
    this.OPTION3(() => this.SUBRULE(this.inTransactions));
  });

  public inTransactions = this.RULE('inTransactions', () => {
    this.CONSUME(kw('IN'));
    this.OPTION(() => {
      this.OPTION2({ GATE: () => !this.is(1, kw('CONCURRENT')), DEF: () => this.SUBRULE(this.expression) });
      this.CONSUME(kw('CONCURRENT'));
    });
    this.CONSUME(kw('TRANSACTIONS'));
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(kw('OF'));
            this.SUBRULE2(this.expression, { LABEL: 'batch' });
            this.OR2([{ ALT: () => this.CONSUME(kw('ROW')) }, { ALT: () => this.CONSUME(kw('ROWS')) }]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw('ON'));
            this.CONSUME(kw('ERROR'));
            this.OR3([
              { ALT: () => this.CONSUME(kw('CONTINUE')) },
              { ALT: () => this.CONSUME(kw('BREAK')) },
              { ALT: () => this.CONSUME(kw('FAIL')) },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw('REPORT'));
            this.CONSUME(kw('STATUS'));
            this.CONSUME(kw('AS'));
            this.CONSUME(T.SoftName);
          },
        },
      ]),
    );
  });

  public procedureCall = this.RULE('procedureCall', () => {
    this.CONSUME(T.SoftName);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.AnyName);
    });
    this.OPTION(() => this.SUBRULE(this.callArguments));
    this.OPTION2(() => {
      this.CONSUME(kw('YIELD'));
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.SUBRULE(this.yieldItem);
            this.MANY2(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.yieldItem);
            });
            this.OPTION3(() => this.SUBRULE(this.where));
          },
        },
      ]);
    });
  });

  public yieldItem = this.RULE('yieldItem', () => {
    this.CONSUME(T.AnyName, { LABEL: 'field' });
    this.OPTION(() => {
      this.CONSUME(kw('AS'));
      this.CONSUME(T.SoftName, { LABEL: 'alias' });
    });
  });

  public callArguments = this.RULE('callArguments', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });

  public withClause = this.RULE('withClause', () => {
    this.CONSUME(kw('WITH'));
    this.SUBRULE(this.projectionBody);
    this.OPTION(() => this.SUBRULE(this.where));
  });

  public returnClause = this.RULE('returnClause', () => {
    this.CONSUME(kw('RETURN'));
    this.SUBRULE(this.projectionBody);
  });

  public projectionBody = this.RULE('projectionBody', () => {
    this.OPTION(() => this.CONSUME(kw('DISTINCT')));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE(this.projectionItem);
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.projectionItem);
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.SUBRULE3(this.projectionItem);
          });
        },
      },
    ]);
    this.SUBRULE(this.orderSkipLimit);
  });

  public orderSkipLimit = this.RULE('orderSkipLimit', () => {
    this.OPTION(() => {
      this.CONSUME(kw('ORDER'));
      this.CONSUME(kw('BY'));
      this.SUBRULE(this.sortItem);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.sortItem);
      });
    });
    this.OPTION2(() => {
      this.OR([{ ALT: () => this.CONSUME(kw('SKIP')) }, { ALT: () => this.CONSUME(kw('OFFSET')) }]);
      this.SUBRULE(this.expression, { LABEL: 'skip' });
    });
    this.OPTION3(() => {
      this.CONSUME(kw('LIMIT'));
      this.SUBRULE2(this.expression, { LABEL: 'limit' });
    });
  });

  public projectionItem = this.RULE('projectionItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(kw('AS'));
      this.CONSUME(T.SoftName);
    });
  });

  public sortItem = this.RULE('sortItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(kw('ASC')) },
        { ALT: () => this.CONSUME(kw('ASCENDING')) },
        { ALT: () => this.CONSUME(kw('DESC')) },
        { ALT: () => this.CONSUME(kw('DESCENDING')) },
      ]),
    );
  });

  public createClause = this.RULE('createClause', () => {
    this.CONSUME(kw('CREATE'));
    this.SUBRULE(this.pattern);
    this.OPTION(() => this.SUBRULE(this.fromDatabase));
  });

  public mergeClause = this.RULE('mergeClause', () => {
    this.CONSUME(kw('MERGE'));
    this.SUBRULE(this.patternPart);
    this.OPTION(() => this.SUBRULE(this.fromDatabase));
    this.MANY(() => this.SUBRULE(this.mergeAction));
  });

  public mergeAction = this.RULE('mergeAction', () => {
    this.CONSUME(kw('ON'));
    this.OR([{ ALT: () => this.CONSUME(kw('MATCH')) }, { ALT: () => this.CONSUME(kw('CREATE')) }]);
    this.CONSUME(kw('SET'));
    this.SUBRULE(this.setItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.setItem);
    });
  });

  public setClause = this.RULE('setClause', () => {
    this.CONSUME(kw('SET'));
    this.SUBRULE(this.setItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.setItem);
    });
    this.OPTION(() => this.SUBRULE(this.fromDatabase));
  });

  /** `target = value`, `target += value`, or `n:Label...`; the AST builder checks the target's shape. */
  public setItem = this.RULE('setItem', () => {
    this.SUBRULE(this.operand);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.PlusEq) }]);
      this.SUBRULE(this.expression);
    });
  });

  public removeClause = this.RULE('removeClause', () => {
    this.CONSUME(kw('REMOVE'));
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.operand);
    });
    this.OPTION(() => this.SUBRULE(this.fromDatabase));
  });

  public deleteClause = this.RULE('deleteClause', () => {
    this.OPTION(() => this.CONSUME(kw('DETACH')));
    this.CONSUME(kw('DELETE'));
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
    this.OPTION2(() => this.SUBRULE(this.fromDatabase));
  });

  public foreachClause = this.RULE('foreachClause', () => {
    this.CONSUME(kw('FOREACH'));
    this.CONSUME(T.LParen);
    this.CONSUME(T.SoftName);
    this.CONSUME(kw('IN'));
    this.SUBRULE(this.expression);
    this.CONSUME(T.Pipe);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.clause));
    this.CONSUME(T.RParen);
  });

  public loadCsvClause = this.RULE('loadCsvClause', () => {
    this.CONSUME(kw('LOAD'));
    this.CONSUME(kw('CSV'));
    this.OPTION(() => {
      this.CONSUME(kw('WITH'));
      this.CONSUME(kw('HEADERS'));
    });
    this.CONSUME(kw('FROM'));
    this.SUBRULE(this.expression);
    this.CONSUME(kw('AS'));
    this.CONSUME(T.SoftName);
    this.OPTION2(() => {
      this.CONSUME(kw('FIELDTERMINATOR'));
      this.CONSUME(T.StringLiteral);
    });
  });

  // ---------------------------------------------------------------- patterns

  public pattern = this.RULE('pattern', () => {
    this.SUBRULE(this.patternPart);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.patternPart);
    });
  });

  public patternPart = this.RULE('patternPart', () => {
    this.OPTION(() => {
      this.CONSUME(T.SoftName);
      this.CONSUME(T.Equals);
    });
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          GATE: () => this.is(2, T.LParen),
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(kw('SHORTESTPATH')) },
              { ALT: () => this.CONSUME(kw('ALLSHORTESTPATHS')) },
            ]);
            this.CONSUME(T.LParen);
            this.SUBRULE(this.patternElement);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE2(this.patternElement) },
      ],
    });
  });

  public patternElement = this.RULE('patternElement', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.nodePattern);
          this.MANY(() => {
            this.SUBRULE(this.relationshipPattern);
            this.SUBRULE2(this.nodePattern);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.patternElement);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public nodePattern = this.RULE('nodePattern', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.CONSUME(T.SoftName));
    this.OPTION2(() => this.SUBRULE(this.labelExpression));
    this.OPTION3(() => this.SUBRULE(this.properties));
    this.OPTION4(() => this.SUBRULE(this.where));
    this.CONSUME(T.RParen);
  });

  public properties = this.RULE('properties', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.mapLiteral) }, { ALT: () => this.CONSUME(T.Parameter) }]);
  });

  public relationshipPattern = this.RULE('relationshipPattern', () => {
    this.OPTION(() => this.CONSUME(T.Less));
    this.CONSUME(T.Minus);
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.OPTION3(() => this.CONSUME(T.SoftName));
      this.OPTION4(() => this.SUBRULE(this.labelExpression));
      this.OPTION5(() => this.SUBRULE(this.rangeLiteral));
      this.OPTION6(() => this.SUBRULE(this.properties));
      this.OPTION7(() => this.SUBRULE(this.where));
      this.CONSUME(T.RBracket);
    });
    this.CONSUME2(T.Minus);
    this.OPTION8(() => this.CONSUME(T.Greater));
  });

  public rangeLiteral = this.RULE('rangeLiteral', () => {
    this.CONSUME(T.Star);
    this.OPTION(() => this.CONSUME(T.DecimalInteger, { LABEL: 'from' }));
    this.OPTION2(() => {
      this.CONSUME(T.DoubleDot);
      this.OPTION3(() => this.CONSUME2(T.DecimalInteger, { LABEL: 'to' }));
    });
  });

  /** `:A:B`, `:A|B`, `:A&!B`, `:%`, `:(A|B)&C` in patterns. */
  public labelExpression = this.RULE('labelExpression', () => {
    this.CONSUME(T.Colon);
    this.SUBRULE(this.labelOr);
  });

  public labelOr = this.RULE('labelOr', () => {
    this.SUBRULE(this.labelAnd);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.OPTION(() => this.CONSUME(T.Colon));
      this.SUBRULE2(this.labelAnd);
    });
  });

  /**
   * The same as labelOr inside expressions, where `|` may also end a comprehension's WHERE
   * (`[x IN l WHERE x:A | x.name]`): `|` continues the label expression only when what follows
   * cannot be the projection.
   */
  public exprLabelOr = this.RULE('exprLabelOr', () => {
    this.SUBRULE(this.labelAnd);
    this.MANY({
      GATE: () => {
        let j = 2;
        if (this.is(j, T.Colon)) return true;
        while (this.is(j, T.Bang)) j++;
        if (this.is(j, T.Percent) || this.is(j, T.LParen)) return true;
        if (!this.is(j, T.AnyName)) return false;
        const n = this.LA(j + 1).tokenType;
        return n !== T.Dot && n !== T.LParen && n !== T.LBracket && n !== T.LCurly && n !== T.RBracket;
      },
      DEF: () => {
        this.CONSUME(T.Pipe);
        this.OPTION(() => this.CONSUME(T.Colon));
        this.SUBRULE2(this.labelAnd);
      },
    });
  });

  public labelAnd = this.RULE('labelAnd', () => {
    this.SUBRULE(this.labelNot);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Amp) }, { ALT: () => this.CONSUME(T.Colon) }]);
      this.SUBRULE2(this.labelNot);
    });
  });

  public labelNot = this.RULE('labelNot', () => {
    this.MANY(() => this.CONSUME(T.Bang));
    this.OR([
      { ALT: () => this.CONSUME(T.Percent) },
      { ALT: () => this.CONSUME(T.AnyName) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.labelOr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- expressions

  public expression = this.RULE('expression', () => {
    this.MANY(() => this.SUBRULE(this.prefixOperator));
    this.SUBRULE(this.operand);
    this.MANY2(() => this.SUBRULE(this.exprTail));
  });

  private prefixAlts?: IOrAlt<unknown>[];
  public prefixOperator = this.RULE('prefixOperator', () => {
    this.OR((this.prefixAlts ??= [
      { ALT: () => this.CONSUME(kw('NOT')) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.Plus) },
    ]));
  });

  private exprTailAlts?: IOrAlt<unknown>[];
  private binaryOpAlts?: IOrAlt<unknown>[];
  public exprTail = this.RULE('exprTail', () => {
    this.OR((this.exprTailAlts ??= [
      {
        ALT: () => {
          this.OR2((this.binaryOpAlts ??= [
            { ALT: () => this.CONSUME(kw('OR'), { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(kw('XOR'), { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(kw('AND'), { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Equals, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.NotEquals, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.RegexMatch, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Percent, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Caret, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(kw('IN'), { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(kw('CONTAINS'), { LABEL: 'op' }) },
            {
              ALT: () => {
                this.CONSUME(kw('STARTS'), { LABEL: 'op' });
                this.CONSUME(kw('WITH'), { LABEL: 'op' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(kw('ENDS'), { LABEL: 'op' });
                this.CONSUME2(kw('WITH'), { LABEL: 'op' });
              },
            },
          ]));
          this.MANY(() => this.SUBRULE(this.prefixOperator));
          this.SUBRULE(this.operand);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('IS'), { LABEL: 'op' });
          this.OPTION(() => this.CONSUME2(kw('NOT'), { LABEL: 'op' }));
          this.OR3([
            { ALT: () => this.CONSUME(kw('NULL'), { LABEL: 'op' }) },
            {
              ALT: () => {
                this.OR4([
                  { ALT: () => this.CONSUME(kw('TYPED'), { LABEL: 'op' }) },
                  { ALT: () => this.CONSUME(T.DoubleColon, { LABEL: 'op' }) },
                ]);
                this.SUBRULE(this.typeSpec);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.DoubleColon, { LABEL: 'op' });
          this.SUBRULE2(this.typeSpec);
        },
      },
    ]));
  });

  public typeSpec = this.RULE('typeSpec', () => {
    this.SUBRULE(this.typeTerm);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.typeTerm);
    });
  });

  public typeTerm = this.RULE('typeTerm', () => {
    this.AT_LEAST_ONE({ GATE: () => this.typeWordAt(1), DEF: () => this.CONSUME(T.AnyName) });
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.SUBRULE(this.typeSpec);
      this.CONSUME(T.Greater);
    });
    this.OPTION2({
      GATE: () => this.is(2, kw('NULL')),
      DEF: () => {
        this.CONSUME(kw('NOT'));
        this.CONSUME(kw('NULL'));
      },
    });
  });

  /** An atom with its property lookups, subscripts, calls and a trailing label predicate. */
  public operand = this.RULE('operand', () => {
    this.SUBRULE(this.atom);
    this.MANY(() => this.SUBRULE(this.postfix));
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.exprLabelOr);
    });
  });

  public postfix = this.RULE('postfix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.AnyName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.DoubleDot);
                this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'to' }));
              },
            },
            {
              ALT: () => {
                this.SUBRULE2(this.expression, { LABEL: 'from' });
                this.OPTION2(() => {
                  this.CONSUME2(T.DoubleDot);
                  this.OPTION3(() => this.SUBRULE3(this.expression, { LABEL: 'to' }));
                });
              },
            },
          ]);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  // The arrays of alternatives of the hottest rules are built once (Chevrotain's performance advice).
  private atomAlts?: IOrAlt<unknown>[];
  public atom = this.RULE('atom', () => {
    this.OR(
      (this.atomAlts ??= [
        { ALT: () => this.SUBRULE(this.nameAtom) },
        { ALT: () => this.CONSUME(T.DecimalInteger) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.CONSUME(T.Parameter) },
        { ALT: () => this.CONSUME(T.Float) },
        { ALT: () => this.CONSUME(T.HexInteger) },
        { ALT: () => this.CONSUME(T.OctalInteger) },
        { ALT: () => this.CONSUME(kw('TRUE')) },
        { ALT: () => this.CONSUME(kw('FALSE')) },
        { ALT: () => this.CONSUME(kw('NULL')) },
        { ALT: () => this.SUBRULE(this.parenAtom) },
        { ALT: () => this.SUBRULE(this.listAtom) },
        { ALT: () => this.SUBRULE(this.mapLiteral) },
        { ALT: () => this.SUBRULE(this.caseExpression) },
        { ALT: () => this.SUBRULE(this.existsAtom) },
      ]),
    );
  });

  /**
   * Atoms that start with a name: a variable (with an optional map projection), a function call, or
   * a soft keyword's construct (COUNT {}, COLLECT {}, ANY(x IN ...), reduce(...)) - decided by GATEs
   * that look past the first token.
   */
  private nameAtomAlts?: IOrAlt<unknown>[];
  public nameAtom = this.RULE('nameAtom', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: (this.nameAtomAlts ??= [
        { GATE: () => this.softKeywordAhead(), ALT: () => this.SUBRULE(this.countSubquery) },
        { GATE: () => this.softKeywordAhead(), ALT: () => this.SUBRULE(this.collectSubquery) },
        { GATE: () => this.softKeywordAhead(), ALT: () => this.SUBRULE(this.quantifier) },
        { GATE: () => this.softKeywordAhead(), ALT: () => this.SUBRULE(this.reduceExpression) },
        { GATE: () => this.functionCallAhead(), ALT: () => this.SUBRULE(this.functionCall) },
        {
          ALT: () => {
            this.CONSUME(T.SoftName);
            this.OPTION(() => {
              this.CONSUME(T.LCurly);
              this.OPTION2(() => {
                this.SUBRULE(this.mapProjectionItem);
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  this.SUBRULE2(this.mapProjectionItem);
                });
              });
              this.CONSUME(T.RCurly);
            });
          },
        },
      ]),
    });
  });

  public parenAtom = this.RULE('parenAtom', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.relationshipPatternAt(1), ALT: () => this.SUBRULE(this.patternElement) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
          },
        },
      ],
    });
  });

  public listAtom = this.RULE('listAtom', () => {
    this.CONSUME(T.LBracket);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          GATE: () => this.patternComprehensionAhead(),
          ALT: () => {
            this.OPTION(() => {
              this.CONSUME(T.SoftName, { LABEL: 'pathVariable' });
              this.CONSUME(T.Equals);
            });
            this.SUBRULE(this.patternElement);
            this.OPTION2(() => this.SUBRULE(this.where));
            this.CONSUME(T.Pipe, { LABEL: 'patternPipe' });
            this.SUBRULE(this.expression, { LABEL: 'projection' });
          },
        },
        {
          GATE: () => this.is(1, T.SoftName) && this.is(2, kw('IN')),
          ALT: () => {
            this.CONSUME2(T.SoftName, { LABEL: 'variable' });
            this.CONSUME(kw('IN'));
            this.SUBRULE2(this.expression, { LABEL: 'list' });
            this.OPTION3(() => this.SUBRULE2(this.where));
            this.OPTION4(() => {
              this.CONSUME2(T.Pipe, { LABEL: 'listPipe' });
              this.SUBRULE3(this.expression, { LABEL: 'projection' });
            });
          },
        },
        {
          ALT: () =>
            this.OPTION5(() => {
              this.SUBRULE4(this.expression, { LABEL: 'element' });
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE5(this.expression, { LABEL: 'element' });
              });
            }),
        },
      ],
    });
    this.CONSUME(T.RBracket);
  });

  public mapLiteral = this.RULE('mapLiteral', () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.mapEntry);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.mapEntry);
      });
    });
    this.CONSUME(T.RCurly);
  });

  public mapEntry = this.RULE('mapEntry', () => {
    this.CONSUME(T.AnyName);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  public caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(kw('CASE'));
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'test' }));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(kw('WHEN'));
      this.SUBRULE2(this.expression, { LABEL: 'when' });
      this.CONSUME(kw('THEN'));
      this.SUBRULE3(this.expression, { LABEL: 'then' });
    });
    this.OPTION2(() => {
      this.CONSUME(kw('ELSE'));
      this.SUBRULE4(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(kw('END'));
  });

  public existsAtom = this.RULE('existsAtom', () => {
    this.CONSUME(kw('EXISTS'));
    this.OR([
      { ALT: () => this.SUBRULE(this.subqueryBody) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public countSubquery = this.RULE('countSubquery', () => {
    this.CONSUME(kw('COUNT'));
    this.SUBRULE(this.subqueryBody);
  });

  public collectSubquery = this.RULE('collectSubquery', () => {
    this.CONSUME(kw('COLLECT'));
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.query);
    this.CONSUME(T.RCurly);
  });

  /** `{ MATCH ... }` or the short form `{ (a)-->(b) WHERE ... }`. */
  public subqueryBody = this.RULE('subqueryBody', () => {
    this.CONSUME(T.LCurly);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          GATE: () => this.is(1, T.LParen) || (this.is(1, T.SoftName) && this.is(2, T.Equals)),
          ALT: () => {
            this.SUBRULE(this.pattern);
            this.OPTION(() => this.SUBRULE(this.where));
          },
        },
        { ALT: () => this.SUBRULE(this.query) },
      ],
    });
    this.CONSUME(T.RCurly);
  });

  public quantifier = this.RULE('quantifier', () => {
    this.OR([
      { ALT: () => this.CONSUME(kw('ALL')) },
      { ALT: () => this.CONSUME(kw('ANY')) },
      { ALT: () => this.CONSUME(kw('NONE')) },
      { ALT: () => this.CONSUME(kw('SINGLE')) },
    ]);
    this.CONSUME(T.LParen);
    this.CONSUME(T.SoftName);
    this.CONSUME(kw('IN'));
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.where));
    this.CONSUME(T.RParen);
  });

  public reduceExpression = this.RULE('reduceExpression', () => {
    this.CONSUME(kw('REDUCE'));
    this.CONSUME(T.LParen);
    this.CONSUME(T.SoftName, { LABEL: 'accumulator' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'init' });
    this.CONSUME(T.Comma);
    this.CONSUME2(T.SoftName, { LABEL: 'variable' });
    this.CONSUME(kw('IN'));
    this.SUBRULE2(this.expression, { LABEL: 'list' });
    this.CONSUME(T.Pipe);
    this.SUBRULE3(this.expression, { LABEL: 'body' });
    this.CONSUME(T.RParen);
  });

  public functionCall = this.RULE('functionCall', () => {
    this.CONSUME(T.SoftName, { LABEL: 'name' });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.AnyName, { LABEL: 'name' });
    });
    this.CONSUME(T.LParen);
    this.OPTION(() =>
      this.OR2([
        { ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(kw('DISTINCT')));
            this.SUBRULE(this.expression);
            this.MANY2(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.expression);
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RParen);
  });

  public mapProjectionItem = this.RULE('mapProjectionItem', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.OR2([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.AnyName, { LABEL: 'property' }) }]);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.AnyName, { LABEL: 'key' });
            this.CONSUME(T.Colon);
            this.SUBRULE(this.expression);
          },
        },
        { ALT: () => this.CONSUME(T.SoftName, { LABEL: 'variable' }) },
      ],
    });
  });

  // ---------------------------------------------------------------- names

  /** A database or alias name (`a`, `comp.alias`, `` `tenant-a` ``) or a `$parameter`. */
  public databaseRef = this.RULE('databaseRef', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Parameter) },
      {
        ALT: () => {
          this.CONSUME(T.SoftName, { LABEL: 'part' });
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.AnyName, { LABEL: 'part' });
          });
        },
      },
    ]);
  });

  /** A user or role name or a `$parameter`. */
  public symbolicRef = this.RULE('symbolicRef', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Parameter) }, { ALT: () => this.CONSUME(T.SoftName) }]);
  });

  public symbolicRefList = this.RULE('symbolicRefList', () => {
    this.SUBRULE(this.symbolicRef);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.symbolicRef);
    });
  });

  /** A map literal or `$parameter` (OPTIONS, PROPERTIES, DRIVER). */
  public mapOrParam = this.RULE('mapOrParam', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.mapLiteral) }, { ALT: () => this.CONSUME(T.Parameter) }]);
  });

  public ifNotExists = this.RULE('ifNotExists', () => {
    this.CONSUME(kw('IF'));
    this.CONSUME(kw('NOT'));
    this.CONSUME(kw('EXISTS'));
  });

  public ifExists = this.RULE('ifExists', () => {
    this.CONSUME(kw('IF'));
    this.CONSUME(kw('EXISTS'));
  });

  public waitClause = this.RULE('waitClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('WAIT'));
          this.OPTION(() => {
            this.CONSUME(T.DecimalInteger);
            this.OPTION2(() =>
              this.OR2([
                { ALT: () => this.CONSUME(kw('SEC')) },
                { ALT: () => this.CONSUME(kw('SECOND')) },
                { ALT: () => this.CONSUME(kw('SECONDS')) },
              ]),
            );
          });
        },
      },
      { ALT: () => this.CONSUME(kw('NOWAIT')) },
    ]);
  });

  // ---------------------------------------------------------------- CREATE ... (schema and administration)

  public createCommand = this.RULE('createCommand', () => {
    this.CONSUME(kw('CREATE'));
    this.OPTION(() => {
      this.CONSUME(kw('OR'));
      this.CONSUME(kw('REPLACE'));
    });
    this.OR([
      { ALT: () => this.SUBRULE(this.createDatabase) },
      { ALT: () => this.SUBRULE(this.createAlias) },
      { ALT: () => this.SUBRULE(this.createUser) },
      { ALT: () => this.SUBRULE(this.createRole) },
      { ALT: () => this.SUBRULE(this.createIndex) },
      { ALT: () => this.SUBRULE(this.createConstraint) },
    ]);
  });

  public createDatabase = this.RULE('createDatabase', () => {
    this.CONSUME(kw('DATABASE'));
    this.SUBRULE(this.databaseRef);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.OPTION2(() => {
      this.CONSUME(kw('OPTIONS'));
      this.SUBRULE(this.mapOrParam);
    });
    this.OPTION3(() => this.SUBRULE(this.waitClause));
  });

  public createAlias = this.RULE('createAlias', () => {
    this.CONSUME(kw('ALIAS'));
    this.SUBRULE(this.databaseRef, { LABEL: 'alias' });
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.CONSUME(kw('FOR'));
    this.CONSUME(kw('DATABASE'));
    this.SUBRULE2(this.databaseRef, { LABEL: 'target' });
    this.MANY(() => this.SUBRULE(this.aliasSetting));
  });

  /** Remote-alias settings and PROPERTIES, shared by CREATE ALIAS and ALTER ALIAS. */
  public aliasSetting = this.RULE('aliasSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('AT'));
          this.SUBRULE(this.expression, { LABEL: 'url' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('USER'));
          this.SUBRULE(this.symbolicRef, { LABEL: 'user' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('PASSWORD'));
          this.SUBRULE2(this.expression, { LABEL: 'password' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('DRIVER'));
          this.SUBRULE(this.mapOrParam, { LABEL: 'driver' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('PROPERTIES'));
          this.SUBRULE2(this.mapOrParam, { LABEL: 'properties' });
        },
      },
    ]);
  });

  public createUser = this.RULE('createUser', () => {
    this.CONSUME(kw('USER'));
    this.SUBRULE(this.symbolicRef);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(kw('SET'));
      this.SUBRULE(this.userSetting);
    });
  });

  public userSetting = this.RULE('userSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() =>
            this.OR2([{ ALT: () => this.CONSUME(kw('PLAINTEXT')) }, { ALT: () => this.CONSUME(kw('ENCRYPTED')) }]),
          );
          this.CONSUME(kw('PASSWORD'));
          this.OR3({
            IGNORE_AMBIGUITIES: true,
            MAX_LOOKAHEAD: 1,
            DEF: [
              {
                GATE: () => this.is(1, kw('CHANGE')) && (this.is(2, kw('REQUIRED')) || this.is(2, kw('NOT'))),
                ALT: () => this.SUBRULE2(this.passwordChange),
              },
              {
                ALT: () => {
                  this.SUBRULE(this.expression, { LABEL: 'password' });
                  this.OPTION2(() => this.SUBRULE(this.passwordChange));
                },
              },
            ],
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('STATUS'));
          this.OR4([{ ALT: () => this.CONSUME(kw('ACTIVE')) }, { ALT: () => this.CONSUME(kw('SUSPENDED')) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('HOME'));
          this.CONSUME(kw('DATABASE'));
          this.SUBRULE(this.databaseRef);
        },
      },
    ]);
  });

  public passwordChange = this.RULE('passwordChange', () => {
    this.CONSUME(kw('CHANGE'));
    this.OPTION(() => this.CONSUME(kw('NOT')));
    this.CONSUME(kw('REQUIRED'));
  });

  public createRole = this.RULE('createRole', () => {
    this.CONSUME(kw('ROLE'));
    this.SUBRULE(this.symbolicRef, { LABEL: 'role' });
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.OPTION2(() => {
      this.CONSUME(kw('AS'));
      this.CONSUME(kw('COPY'));
      this.CONSUME(kw('OF'));
      this.SUBRULE2(this.symbolicRef, { LABEL: 'source' });
    });
  });

  public createIndex = this.RULE('createIndex', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(kw('RANGE'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('TEXT'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('POINT'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('LOOKUP'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('FULLTEXT'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('VECTOR'), { LABEL: 'indexType' }) },
        { ALT: () => this.CONSUME(kw('BTREE'), { LABEL: 'indexType' }) },
      ]),
    );
    this.CONSUME(kw('INDEX'));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(kw('ON'), { LABEL: 'oldOn' });
          this.SUBRULE(this.oldSchemaTarget);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE(this.symbolicRef, { LABEL: 'name' }));
          this.OPTION3(() => this.SUBRULE(this.ifNotExists));
          this.CONSUME(kw('FOR'));
          this.SUBRULE(this.schemaPattern);
          this.CONSUME2(kw('ON'));
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(kw('EACH'));
                this.OR4([
                  {
                    ALT: () => {
                      this.CONSUME(T.SoftName, { LABEL: 'eachFunction' });
                      this.CONSUME(T.LParen);
                      this.CONSUME2(T.SoftName, { LABEL: 'eachVariable' });
                      this.CONSUME(T.RParen);
                    },
                  },
                  {
                    ALT: () => {
                      this.CONSUME(T.LBracket);
                      this.SUBRULE(this.propertyRefList);
                      this.CONSUME(T.RBracket);
                    },
                  },
                ]);
              },
            },
            {
              ALT: () => {
                this.CONSUME2(T.LParen);
                this.SUBRULE2(this.propertyRefList);
                this.CONSUME2(T.RParen);
              },
            },
          ]);
          this.OPTION4(() => {
            this.CONSUME(kw('OPTIONS'));
            this.SUBRULE(this.mapOrParam);
          });
        },
      },
    ]);
  });

  /** The Neo4j 4 form `:Label(prop, ...)` of CREATE/DROP INDEX ON. */
  public oldSchemaTarget = this.RULE('oldSchemaTarget', () => {
    this.CONSUME(T.Colon);
    this.CONSUME(T.AnyName, { LABEL: 'label' });
    this.CONSUME(T.LParen);
    this.CONSUME2(T.AnyName, { LABEL: 'property' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME3(T.AnyName, { LABEL: 'property' });
    });
    this.CONSUME(T.RParen);
  });

  /** `(n:Label)` or `()-[r:TYPE]-()` in index and constraint definitions. */
  public schemaPattern = this.RULE('schemaPattern', () => {
    this.CONSUME(T.LParen);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.SoftName, { LABEL: 'variable' });
          this.OPTION(() => this.SUBRULE(this.labelExpression));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.RParen);
          this.OPTION2(() => this.CONSUME(T.Less, { LABEL: 'left' }));
          this.CONSUME(T.Minus);
          this.CONSUME(T.LBracket);
          this.CONSUME2(T.SoftName, { LABEL: 'variable' });
          this.OPTION3(() => this.SUBRULE2(this.labelExpression));
          this.CONSUME(T.RBracket);
          this.CONSUME2(T.Minus);
          this.OPTION4(() => this.CONSUME(T.Greater, { LABEL: 'right' }));
          this.CONSUME3(T.LParen);
          this.CONSUME3(T.RParen);
        },
      },
    ]);
  });

  public propertyRef = this.RULE('propertyRef', () => {
    this.CONSUME(T.SoftName);
    this.CONSUME(T.Dot);
    this.CONSUME(T.AnyName);
  });

  public propertyRefList = this.RULE('propertyRefList', () => {
    this.SUBRULE(this.propertyRef);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.propertyRef);
    });
  });

  public createConstraint = this.RULE('createConstraint', () => {
    this.CONSUME(kw('CONSTRAINT'));
    this.OPTION(() => this.SUBRULE(this.symbolicRef, { LABEL: 'name' }));
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.OR([{ ALT: () => this.CONSUME(kw('FOR')) }, { ALT: () => this.CONSUME(kw('ON')) }]);
    this.SUBRULE(this.schemaPattern);
    this.OR2([{ ALT: () => this.CONSUME(kw('REQUIRE')) }, { ALT: () => this.CONSUME(kw('ASSERT')) }]);
    this.SUBRULE(this.constraintBody);
    this.OPTION3(() => {
      this.CONSUME(kw('OPTIONS'));
      this.SUBRULE(this.mapOrParam);
    });
  });

  public constraintBody = this.RULE('constraintBody', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('EXISTS'));
          this.CONSUME(T.LParen);
          this.SUBRULE(this.propertyRef);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.SUBRULE2(this.propertyRef) },
            {
              ALT: () => {
                this.CONSUME2(T.LParen);
                this.SUBRULE(this.propertyRefList);
                this.CONSUME2(T.RParen);
              },
            },
          ]);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(kw('IS'));
                this.OR4([
                  { ALT: () => this.CONSUME(kw('UNIQUE'), { LABEL: 'kind' }) },
                  {
                    ALT: () => {
                      this.OR5([
                        { ALT: () => this.CONSUME(kw('NODE'), { LABEL: 'entity' }) },
                        { ALT: () => this.CONSUME(kw('RELATIONSHIP'), { LABEL: 'entity' }) },
                        { ALT: () => this.CONSUME(kw('REL'), { LABEL: 'entity' }) },
                      ]);
                      this.OR6([
                        { ALT: () => this.CONSUME2(kw('UNIQUE'), { LABEL: 'kind' }) },
                        { ALT: () => this.CONSUME(kw('KEY'), { LABEL: 'kind' }) },
                      ]);
                    },
                  },
                  { ALT: () => this.CONSUME2(kw('KEY'), { LABEL: 'kind' }) },
                  {
                    ALT: () => {
                      this.CONSUME(kw('NOT'), { LABEL: 'kind' });
                      this.CONSUME(kw('NULL'));
                    },
                  },
                  {
                    ALT: () => {
                      this.OR7([
                        { ALT: () => this.CONSUME(kw('TYPED'), { LABEL: 'kind' }) },
                        { ALT: () => this.CONSUME(T.DoubleColon, { LABEL: 'kind' }) },
                      ]);
                      this.SUBRULE(this.typeSpec);
                    },
                  },
                ]);
              },
            },
            {
              ALT: () => {
                this.CONSUME2(T.DoubleColon, { LABEL: 'kind' });
                this.SUBRULE2(this.typeSpec);
              },
            },
          ]);
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- DROP / ALTER / START / STOP / RENAME / UNDROP

  public dropCommand = this.RULE('dropCommand', () => {
    this.CONSUME(kw('DROP'));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('DATABASE'));
          this.SUBRULE(this.databaseRef);
          this.OPTION(() => this.SUBRULE(this.ifExists));
          this.OPTION2(() =>
            this.OR2([
              { ALT: () => this.CONSUME(kw('RESTRICT')) },
              {
                ALT: () => {
                  this.CONSUME(kw('CASCADE'));
                  this.OR3([{ ALT: () => this.CONSUME(kw('ALIAS')) }, { ALT: () => this.CONSUME(kw('ALIASES')) }]);
                },
              },
            ]),
          );
          this.OPTION3(() => {
            this.OR4([{ ALT: () => this.CONSUME(kw('DUMP')) }, { ALT: () => this.CONSUME(kw('DESTROY')) }]);
            this.OPTION4(() => this.CONSUME(kw('DATA')));
          });
          this.OPTION5(() => this.SUBRULE(this.waitClause));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(kw('ALIAS'));
          this.SUBRULE2(this.databaseRef);
          this.OPTION6(() => this.SUBRULE2(this.ifExists));
          this.CONSUME(kw('FOR'));
          this.CONSUME2(kw('DATABASE'));
        },
      },
      {
        ALT: () => {
          this.OR5([{ ALT: () => this.CONSUME(kw('USER')) }, { ALT: () => this.CONSUME(kw('ROLE')) }]);
          this.SUBRULE(this.symbolicRef);
          this.OPTION7(() => this.SUBRULE3(this.ifExists));
        },
      },
      {
        ALT: () => {
          this.OR6([{ ALT: () => this.CONSUME(kw('INDEX')) }, { ALT: () => this.CONSUME(kw('CONSTRAINT')) }]);
          this.OR7([
            {
              ALT: () => {
                this.CONSUME(kw('ON'));
                this.OR8([
                  { ALT: () => this.SUBRULE(this.oldSchemaTarget) },
                  {
                    ALT: () => {
                      this.SUBRULE(this.schemaPattern);
                      this.CONSUME(kw('ASSERT'));
                      this.SUBRULE(this.constraintBody);
                    },
                  },
                ]);
              },
            },
            {
              ALT: () => {
                this.SUBRULE2(this.symbolicRef, { LABEL: 'name' });
                this.OPTION8(() => this.SUBRULE4(this.ifExists));
              },
            },
          ]);
        },
      },
    ]);
  });

  public alterCommand = this.RULE('alterCommand', () => {
    this.CONSUME(kw('ALTER'));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('DATABASE'));
          this.SUBRULE(this.databaseRef);
          this.OPTION(() => this.SUBRULE(this.ifExists));
          this.AT_LEAST_ONE(() => this.SUBRULE(this.alterDatabaseAction));
          this.OPTION2(() => this.SUBRULE(this.waitClause));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('ALIAS'));
          this.SUBRULE2(this.databaseRef, { LABEL: 'alias' });
          this.OPTION3(() => this.SUBRULE2(this.ifExists));
          this.CONSUME(kw('SET'));
          this.CONSUME2(kw('DATABASE'));
          this.AT_LEAST_ONE2(() =>
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(kw('TARGET'));
                  this.SUBRULE3(this.databaseRef, { LABEL: 'target' });
                },
              },
              { ALT: () => this.SUBRULE(this.aliasSetting) },
            ]),
          );
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('CURRENT'));
          this.CONSUME(kw('USER'));
          this.CONSUME2(kw('SET'));
          this.CONSUME(kw('PASSWORD'));
          this.CONSUME(kw('FROM'));
          this.SUBRULE(this.expression, { LABEL: 'oldPassword' });
          this.CONSUME(kw('TO'));
          this.SUBRULE2(this.expression, { LABEL: 'newPassword' });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(kw('USER'));
          this.SUBRULE(this.symbolicRef);
          this.OPTION4(() => this.SUBRULE3(this.ifExists));
          this.AT_LEAST_ONE3(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME3(kw('SET'));
                  this.SUBRULE(this.userSetting);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(kw('REMOVE'));
                  this.CONSUME(kw('HOME'));
                  this.CONSUME3(kw('DATABASE'));
                },
              },
            ]),
          );
        },
      },
    ]);
  });

  public alterDatabaseAction = this.RULE('alterDatabaseAction', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('SET'));
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(kw('ACCESS'));
                this.CONSUME(kw('READ'));
                this.OR3([{ ALT: () => this.CONSUME(kw('ONLY')) }, { ALT: () => this.CONSUME(kw('WRITE')) }]);
              },
            },
            {
              ALT: () => {
                this.CONSUME(kw('OPTION'));
                this.CONSUME(T.AnyName, { LABEL: 'key' });
                this.SUBRULE(this.expression, { LABEL: 'value' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(kw('LIMIT'));
                this.SUBRULE(this.limitAssignment);
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  this.SUBRULE2(this.limitAssignment);
                });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('REMOVE'));
          this.OR4([
            {
              ALT: () => {
                this.CONSUME2(kw('OPTION'));
                this.CONSUME2(T.AnyName, { LABEL: 'key' });
              },
            },
            {
              ALT: () => {
                this.CONSUME2(kw('LIMIT'));
                this.CONSUME3(T.AnyName, { LABEL: 'key' });
                this.MANY2(() => {
                  this.CONSUME2(T.Comma);
                  this.CONSUME4(T.AnyName, { LABEL: 'key' });
                });
              },
            },
          ]);
        },
      },
    ]);
  });

  public limitAssignment = this.RULE('limitAssignment', () => {
    this.CONSUME(T.AnyName);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public startStopCommand = this.RULE('startStopCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(kw('START')) }, { ALT: () => this.CONSUME(kw('STOP')) }]);
    this.CONSUME(kw('DATABASE'));
    this.SUBRULE(this.databaseRef);
    this.OPTION(() => this.SUBRULE(this.waitClause));
  });

  public renameCommand = this.RULE('renameCommand', () => {
    this.CONSUME(kw('RENAME'));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('DATABASE'));
          this.SUBRULE(this.databaseRef, { LABEL: 'from' });
          this.OPTION(() => this.SUBRULE(this.ifExists));
          this.CONSUME(kw('TO'));
          this.SUBRULE2(this.databaseRef, { LABEL: 'to' });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(kw('USER')) }, { ALT: () => this.CONSUME(kw('ROLE')) }]);
          this.SUBRULE(this.symbolicRef, { LABEL: 'fromName' });
          this.OPTION2(() => this.SUBRULE2(this.ifExists));
          this.CONSUME2(kw('TO'));
          this.SUBRULE2(this.symbolicRef, { LABEL: 'toName' });
        },
      },
    ]);
  });

  public undropCommand = this.RULE('undropCommand', () => {
    this.CONSUME(kw('UNDROP'));
    this.CONSUME(kw('DATABASE'));
    this.SUBRULE(this.databaseRef);
  });

  // ---------------------------------------------------------------- SHOW

  public showCommand = this.RULE('showCommand', () => {
    this.CONSUME(kw('SHOW'));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw('DATABASE'));
          this.OPTION(() => this.SUBRULE(this.databaseRef));
        },
      },
      { ALT: () => this.CONSUME(kw('DATABASES')) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(kw('DEFAULT'), { LABEL: 'which' }) },
            { ALT: () => this.CONSUME(kw('HOME'), { LABEL: 'which' }) },
          ]);
          this.CONSUME2(kw('DATABASE'));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('DROPPED'));
          this.OR3([{ ALT: () => this.CONSUME3(kw('DATABASE')) }, { ALT: () => this.CONSUME2(kw('DATABASES')) }]);
        },
      },
      {
        ALT: () => {
          this.OR4([{ ALT: () => this.CONSUME(kw('ALIAS')) }, { ALT: () => this.CONSUME(kw('ALIASES')) }]);
          this.OPTION2(() => this.SUBRULE2(this.databaseRef, { LABEL: 'alias' }));
          this.CONSUME(kw('FOR'));
          this.OR5([{ ALT: () => this.CONSUME4(kw('DATABASE')) }, { ALT: () => this.CONSUME3(kw('DATABASES')) }]);
          this.OPTION3(() => this.SUBRULE3(this.databaseRef, { LABEL: 'target' }));
        },
      },
      {
        ALT: () => {
          this.OR6([{ ALT: () => this.CONSUME(kw('LIMITS')) }, { ALT: () => this.CONSUME(kw('USAGE')) }]);
          this.OPTION4(() => {
            this.CONSUME2(kw('FOR'));
            this.CONSUME5(kw('DATABASE'));
            this.SUBRULE4(this.databaseRef, { LABEL: 'target' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('CURRENT'));
          this.CONSUME(kw('USER'));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(kw('USER'));
          this.OPTION5({
            GATE: () => !(this.is(1, kw('PRIVILEGES')) || this.is(1, kw('PRIVILEGE'))) || this.is(2, kw('PRIVILEGES')) || this.is(2, kw('PRIVILEGE')),
            DEF: () => this.SUBRULE(this.symbolicRefList, { LABEL: 'users' }),
          });
          this.SUBRULE(this.privilegesKeyword);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('USERS'));
          this.OR7([
            {
              ALT: () => {
                this.SUBRULE2(this.symbolicRefList, { LABEL: 'users' });
                this.SUBRULE2(this.privilegesKeyword);
              },
            },
            {
              ALT: () =>
                this.OPTION6(() => {
                  this.CONSUME(kw('WITH'));
                  this.CONSUME(kw('AUTH'));
                }),
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OR8([{ ALT: () => this.CONSUME(kw('ROLE')) }, { ALT: () => this.CONSUME(kw('ROLES')) }]);
          this.OR9([
            {
              ALT: () => {
                this.SUBRULE3(this.symbolicRefList, { LABEL: 'roles' });
                this.SUBRULE3(this.privilegesKeyword);
              },
            },
            {
              ALT: () =>
                this.OPTION7(() => {
                  this.CONSUME2(kw('WITH'));
                  this.CONSUME2(kw('USERS'));
                }),
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('POPULATED'), { LABEL: 'rolesScope' });
          this.CONSUME2(kw('ROLES'));
          this.OPTION8(() => {
            this.CONSUME3(kw('WITH'));
            this.CONSUME3(kw('USERS'));
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw('ALL'));
          this.or(10, [
            {
              ALT: () => {
                this.CONSUME3(kw('ROLES'));
                this.OPTION9(() => {
                  this.CONSUME4(kw('WITH'));
                  this.CONSUME4(kw('USERS'));
                });
              },
            },
            { ALT: () => this.SUBRULE4(this.privilegesKeyword) },
            { ALT: () => this.SUBRULE(this.schemaShowKind) },
          ]);
        },
      },
      { ALT: () => this.SUBRULE5(this.privilegesKeyword) },
      {
        ALT: () => {
          this.MANY(() => this.SUBRULE(this.schemaFilterWord));
          this.SUBRULE2(this.schemaShowKind);
        },
      },
      {
        ALT: () =>
          this.or(11, [
            { ALT: () => this.CONSUME(kw('PROCEDURE'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('PROCEDURES'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('FUNCTION'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('FUNCTIONS'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('TRANSACTION'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('TRANSACTIONS'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('SETTING'), { LABEL: 'catalog' }) },
            { ALT: () => this.CONSUME(kw('SETTINGS'), { LABEL: 'catalog' }) },
          ]),
      },
    ]);
    this.option(10, () => this.SUBRULE(this.showTail));
  });

  public privilegesKeyword = this.RULE('privilegesKeyword', () => {
    this.OR([{ ALT: () => this.CONSUME(kw('PRIVILEGE')) }, { ALT: () => this.CONSUME(kw('PRIVILEGES')) }]);
    this.OPTION(() => {
      this.CONSUME(kw('AS'));
      this.OPTION2(() => this.CONSUME(kw('REVOKE')));
      this.OR2([{ ALT: () => this.CONSUME(kw('COMMAND')) }, { ALT: () => this.CONSUME(kw('COMMANDS')) }]);
    });
  });

  public schemaFilterWord = this.RULE('schemaFilterWord', () => {
    this.OR([
      { ALT: () => this.CONSUME(kw('RANGE')) },
      { ALT: () => this.CONSUME(kw('TEXT')) },
      { ALT: () => this.CONSUME(kw('POINT')) },
      { ALT: () => this.CONSUME(kw('LOOKUP')) },
      { ALT: () => this.CONSUME(kw('FULLTEXT')) },
      { ALT: () => this.CONSUME(kw('VECTOR')) },
      { ALT: () => this.CONSUME(kw('BTREE')) },
      { ALT: () => this.CONSUME(kw('NODE')) },
      { ALT: () => this.CONSUME(kw('RELATIONSHIP')) },
      { ALT: () => this.CONSUME(kw('REL')) },
      { ALT: () => this.CONSUME(kw('UNIQUE')) },
      { ALT: () => this.CONSUME(kw('KEY')) },
      { ALT: () => this.CONSUME(kw('EXIST')) },
      { ALT: () => this.CONSUME(kw('EXISTENCE')) },
      { ALT: () => this.CONSUME(kw('PROPERTY')) },
    ]);
  });

  public schemaShowKind = this.RULE('schemaShowKind', () => {
    this.OR([
      { ALT: () => this.CONSUME(kw('INDEX')) },
      { ALT: () => this.CONSUME(kw('INDEXES')) },
      { ALT: () => this.CONSUME(kw('CONSTRAINT')) },
      { ALT: () => this.CONSUME(kw('CONSTRAINTS')) },
    ]);
    this.OPTION(() => {
      this.OR2([{ ALT: () => this.CONSUME(kw('BRIEF')) }, { ALT: () => this.CONSUME(kw('VERBOSE')) }]);
      this.OPTION2(() => this.CONSUME(kw('OUTPUT')));
    });
  });

  public showTail = this.RULE('showTail', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.where) },
      {
        ALT: () => {
          this.CONSUME(kw('YIELD'));
          this.OR2([
            { ALT: () => this.CONSUME(T.Star) },
            {
              ALT: () => {
                this.SUBRULE(this.yieldItem);
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  this.SUBRULE2(this.yieldItem);
                });
              },
            },
          ]);
          this.SUBRULE(this.orderSkipLimit);
          this.OPTION(() => this.SUBRULE2(this.where));
          this.OPTION2(() => this.SUBRULE(this.returnClause));
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- privileges

  public grantCommand = this.RULE('grantCommand', () => {
    this.CONSUME(kw('GRANT'));
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.roleGrantAhead(), ALT: () => this.SUBRULE(this.roleMembership) },
        {
          ALT: () => {
            this.SUBRULE(this.privilegeBody);
            this.CONSUME(kw('TO'));
            this.SUBRULE(this.symbolicRefList);
          },
        },
      ],
    });
  });

  public denyCommand = this.RULE('denyCommand', () => {
    this.CONSUME(kw('DENY'));
    this.SUBRULE(this.privilegeBody);
    this.CONSUME(kw('TO'));
    this.SUBRULE(this.symbolicRefList);
  });

  public revokeCommand = this.RULE('revokeCommand', () => {
    this.CONSUME(kw('REVOKE'));
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.roleGrantAhead(), ALT: () => this.SUBRULE(this.roleMembership) },
        {
          ALT: () => {
            this.OPTION({
              MAX_LOOKAHEAD: 1,
              DEF: () =>
              this.OR2([
                { ALT: () => this.CONSUME(kw('GRANT'), { LABEL: 'revokeKind' }) },
                { ALT: () => this.CONSUME(kw('DENY'), { LABEL: 'revokeKind' }) },
              ]),
            });
            this.SUBRULE(this.privilegeBody);
            this.CONSUME(kw('FROM'));
            this.SUBRULE(this.symbolicRefList);
          },
        },
      ],
    });
  });

  /** `ROLE[S] a, b TO|FROM u, v`. */
  public roleMembership = this.RULE('roleMembership', () => {
    this.OR([{ ALT: () => this.CONSUME(kw('ROLE')) }, { ALT: () => this.CONSUME(kw('ROLES')) }]);
    this.SUBRULE(this.symbolicRefList, { LABEL: 'roles' });
    this.OR2([{ ALT: () => this.CONSUME(kw('TO')) }, { ALT: () => this.CONSUME(kw('FROM')) }]);
    this.SUBRULE2(this.symbolicRefList, { LABEL: 'users' });
  });

  /** `[IMMUTABLE] <action words> [{props}] ON <target>`; the AST builder checks the action. */
  public privilegeBody = this.RULE('privilegeBody', () => {
    // ON is also a name: the loop stops at it.
    this.AT_LEAST_ONE({
      GATE: () => !this.is(1, kw('ON')),
      DEF: () =>
      this.OR([
        { ALT: () => this.CONSUME(T.AnyName, { LABEL: 'word' }) },
        { ALT: () => this.SUBRULE(this.propertySelector) },
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'word' }) },
        { ALT: () => this.CONSUME(T.Comma, { LABEL: 'word' }) },
      ]),
    });
    this.CONSUME(kw('ON'));
    this.SUBRULE(this.privilegeTarget);
  });

  public propertySelector = this.RULE('propertySelector', () => {
    this.CONSUME(T.LCurly);
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.AnyName);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME2(T.AnyName);
          });
        },
      },
    ]);
    this.CONSUME(T.RCurly);
  });

  public privilegeTarget = this.RULE('privilegeTarget', () => {
    this.OR([
      { ALT: () => this.CONSUME(kw('DBMS')) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(kw('HOME'), { LABEL: 'scope' }) },
            { ALT: () => this.CONSUME(kw('DEFAULT'), { LABEL: 'scope' }) },
          ]);
          this.OR3([
            { ALT: () => this.CONSUME(kw('DATABASE'), { LABEL: 'kind' }) },
            { ALT: () => this.CONSUME(kw('GRAPH'), { LABEL: 'kind' }) },
          ]);
          this.OPTION(() => this.SUBRULE(this.privilegeQualifier));
        },
      },
      {
        ALT: () => {
          this.OR4([
            { ALT: () => this.CONSUME2(kw('DATABASE'), { LABEL: 'kind' }) },
            { ALT: () => this.CONSUME(kw('DATABASES'), { LABEL: 'kind' }) },
            { ALT: () => this.CONSUME2(kw('GRAPH'), { LABEL: 'kind' }) },
            { ALT: () => this.CONSUME(kw('GRAPHS'), { LABEL: 'kind' }) },
          ]);
          this.OR5([
            { ALT: () => this.CONSUME(T.Star) },
            {
              ALT: () => {
                this.SUBRULE(this.databaseRef);
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  this.SUBRULE2(this.databaseRef);
                });
              },
            },
          ]);
          this.OPTION2(() => this.SUBRULE2(this.privilegeQualifier));
        },
      },
    ]);
  });

  /** `NODES A, B`, `RELATIONSHIPS *`, `ELEMENTS *` after a graph target, with an optional `(*)`. */
  public privilegeQualifier = this.RULE('privilegeQualifier', () => {
    this.OR([
      { ALT: () => this.CONSUME(kw('NODE'), { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(kw('NODES'), { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(kw('RELATIONSHIP'), { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(kw('RELATIONSHIPS'), { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(kw('ELEMENT'), { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(kw('ELEMENTS'), { LABEL: 'kind' }) },
    ]);
    this.OR2([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.AnyName, { LABEL: 'name' });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME2(T.AnyName, { LABEL: 'name' });
          });
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME2(T.Star);
      this.CONSUME(T.RParen);
    });
  });
}

/** The one parser instance (Chevrotain parsers are reusable: set `input`, call a rule). */
export const cypherParser = new CypherParser();

export type { IToken };
