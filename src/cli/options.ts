/** Flags every command takes (cli-contract.md), normalised from commander's output. */
export interface GlobalOptions {
  readonly projectDir?: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly threads?: number;
  /** The raw `--vars` YAML text. */
  readonly vars?: string;
  readonly logFormat: 'text' | 'json';
  /** undefined: decide from the terminal (TTY and no NO_COLOR). */
  readonly useColors?: boolean;
  readonly quiet: boolean;
}

/** Flags of the node commands (run, test, build, seed, snapshot, compile, ls, show). */
export interface SelectionOptions {
  readonly select: readonly string[];
  readonly exclude: readonly string[];
  readonly selector?: string;
  readonly state?: string;
  readonly defer: boolean;
  readonly fullRefresh: boolean;
  readonly failFast: boolean;
  readonly resourceTypes: readonly string[];
  readonly excludeResourceTypes: readonly string[];
  readonly indirectSelection: 'eager' | 'cautious' | 'buildable' | 'empty';
}

export type CommandOptions = GlobalOptions & SelectionOptions & Readonly<Record<string, unknown>>;
