import { Command, CommanderError, Option } from 'commander';
import type { CommandOptions } from './options.js';
import { OPP_VERSION } from '../util/version.js';

/**
 * The command-line entry point: commander wiring only. Each command parses its flags into
 * `CommandOptions`, lazily imports its module under `commands/` (so `opp --version` does not load
 * DuckDB), runs one pipeline function and returns the exit code (cli-contract.md: 0 passed,
 * 1 a node failed, 2 bad invocation/project and nothing ran).
 */
type CommandModule = { run(opts: CommandOptions, args: readonly string[]): Promise<number> };
type Loader = () => Promise<CommandModule>;

const NODE_COMMANDS: Record<string, { description: string; load: Loader; aliases?: string[] }> = {
  parse: { description: 'load and validate the project, write target/manifest.json', load: () => import('./commands/parse.js') },
  compile: { description: 'render selected models to target/compiled/', load: () => import('./commands/compile.js') },
  run: { description: 'materialise selected models in DAG order', load: () => import('./commands/run.js') },
  test: { description: 'run selected data tests and unit tests', load: () => import('./commands/test.js') },
  seed: { description: 'load CSV seeds', load: () => import('./commands/seed.js') },
  snapshot: { description: 'run snapshots (SCD type 2)', load: () => import('./commands/snapshot.js') },
  build: {
    description: 'seeds, snapshots, models and tests of the selection in one DAG order',
    load: () => import('./commands/build.js'),
  },
  ls: { description: 'list selected nodes', load: () => import('./commands/ls.js'), aliases: ['list'] },
  show: { description: 'run a model or --inline SQL and print a result table', load: () => import('./commands/show.js') },
};

function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--project-dir <dir>', 'folder holding project.yml (default: the current folder, then its parents)')
    .option('--profiles-dir <dir>', 'folder holding profiles.yml')
    .option('-t, --target <name>', 'output of the profile to use')
    .option('--threads <n>', 'number of nodes to run at once', parseThreads)
    .option('--vars <yaml>', "variables as a YAML mapping, e.g. '{days: 7}'")
    .addOption(new Option('--log-format <format>', 'text or json').choices(['text', 'json', 'default']).default('text'))
    .option('--use-colors', 'colour the output')
    .option('--no-use-colors', 'never colour the output')
    .option('-q, --quiet', 'print only errors and results', false);
}

function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('-s, --select <selector...>', 'nodes to include (dbt selection syntax)')
    .option('-m, --models <selector...>', 'alias of --select')
    .option('--exclude <selector...>', 'nodes to exclude')
    .option('--selector <name>', 'a named selector from selectors.yml')
    .option('--state <dir>', 'folder with a previous manifest.json for state: selection')
    .option('--defer', 'resolve refs to unselected models against --state', false)
    .option('--full-refresh', 'rebuild incremental models and seeds from scratch', false)
    .option('-x, --fail-fast', 'stop at the first failure', false)
    .option('--resource-type <type...>', 'only these resource types')
    .option('--exclude-resource-type <type...>', 'never these resource types')
    .addOption(
      new Option('--indirect-selection <mode>', 'which tests a selection pulls in')
        .choices(['eager', 'cautious', 'buildable', 'empty'])
        .default('eager'),
    );
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderError(2, 'opp.bad-threads', `--threads must be a positive integer, got '${value}'`);
  return n;
}

function normalise(raw: Record<string, unknown>): CommandOptions {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((s) => String(s).split(/\s+/)).filter(Boolean) : []);
  const useColors = raw.useColors === true ? true : raw.useColors === false ? false : undefined;
  return {
    ...raw,
    logFormat: raw.logFormat === 'json' ? 'json' : 'text',
    useColors,
    quiet: raw.quiet === true,
    select: [...list(raw.select), ...list(raw.models)],
    exclude: list(raw.exclude),
    defer: raw.defer === true,
    fullRefresh: raw.fullRefresh === true,
    failFast: raw.failFast === true,
    resourceTypes: list(raw.resourceType),
    excludeResourceTypes: list(raw.excludeResourceType),
    indirectSelection: (raw.indirectSelection as CommandOptions['indirectSelection']) ?? 'eager',
  } as CommandOptions;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('opp')
    .description('opp: a dbt-style SQL transformation tool (embedded DuckDB by default, Snowflake in production)')
    .version(OPP_VERSION, '-v, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(run `opp --help` for the commands)')
    .exitOverride();

  const action = (load: Loader) =>
    async function (this: Command, ...args: unknown[]) {
      const positional = args.slice(0, -2).filter((a): a is string => typeof a === 'string');
      const mod = await load();
      setExit(await mod.run(normalise(this.opts()), positional));
    };

  for (const [name, spec] of Object.entries(NODE_COMMANDS)) {
    const cmd = addSelectionOptions(addGlobalOptions(new Command(name).description(spec.description)));
    for (const alias of spec.aliases ?? []) cmd.alias(alias);
    if (name === 'ls') {
      cmd
        .addOption(new Option('--output <format>', 'how to print each node').choices(['name', 'path', 'json', 'selector']).default('selector'))
        .option('--output-keys <keys...>', 'keys to keep with --output json');
    }
    if (name === 'show') {
      cmd
        .option('--inline <sql>', 'SQL to run instead of a model')
        .option('--limit <n>', 'rows to print (-1 for all)', (v) => Number(v), 5)
        .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'));
    }
    if (name === 'compile') cmd.option('--inline <sql>', 'SQL to compile instead of the selected models');
    cmd.exitOverride().action(action(spec.load));
    program.addCommand(cmd);
  }

  program.addCommand(
    addGlobalOptions(new Command('debug').description('print project, profile and target, and test the connection'))
      .exitOverride()
      .action(action(() => import('./commands/debug.js'))),
  );
  program.addCommand(
    addGlobalOptions(new Command('clean').description("remove the target folder's build output"))
      .exitOverride()
      .action(action(() => import('./commands/clean.js'))),
  );
  const source = new Command('source').description('source commands').exitOverride();
  source.addCommand(
    addSelectionOptions(addGlobalOptions(new Command('freshness').description('check loaded_at_field against freshness thresholds')))
      .option('-o, --output <path>', 'where to write sources.json')
      .exitOverride()
      .action(action(() => import('./commands/source-freshness.js'))),
  );
  program.addCommand(source);
  program.addCommand(
    addGlobalOptions(new Command('extract').description('run the extractors that feed RAW'))
      .option('--source <name...>', 'sources to extract (names or globs, e.g. incident_io.*)')
      .option('--since <date>', 'extract from this date (YYYY-MM-DD) instead of the watermark')
      .option('--full-refresh', 'ignore watermarks and re-pull everything', false)
      .exitOverride()
      .action(action(() => import('./commands/extract.js'))),
  );
  const docs = new Command('docs').description('documentation site').exitOverride();
  docs.addCommand(
    addSelectionOptions(addGlobalOptions(new Command('generate').description('write the docs site, manifest.json and catalog.json to the target folder')))
      .option('--no-compile', 'skip compiling models (pages show raw SQL only)')
      .option('--empty-catalog', 'do not query the warehouse for column types')
      .exitOverride()
      .action(action(() => import('./commands/docs-generate.js'))),
  );
  docs.addCommand(
    addGlobalOptions(new Command('serve').description('serve the docs site on 127.0.0.1'))
      .option('--port <port>', 'port', (v) => Number(v), 8080)
      .exitOverride()
      .action(action(() => import('./commands/docs-serve.js'))),
  );
  program.addCommand(docs);
  const pipeline = new Command('pipeline').description('pipelines declared in project.yml (the seed\'s DAGs)').exitOverride();
  pipeline.addCommand(
    addGlobalOptions(new Command('run').description('run a pipeline: its extract and build steps in order').argument('<name>'))
      .option('--full-refresh', 'full refresh for every step', false)
      .exitOverride()
      .action(action(() => import('./commands/pipeline-run.js'))),
  );
  pipeline.addCommand(
    addGlobalOptions(new Command('list').description('list the pipelines with their schedules and steps'))
      .exitOverride()
      .action(action(() => import('./commands/pipeline-list.js'))),
  );
  program.addCommand(pipeline);
  return program;
}

/** Runs opp with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other commander complaint is a usage error (exit 2).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.code === 'opp.bad-threads') process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    const { reportFatalError } = await import('./report-fatal-error.js');
    return reportFatalError(err);
  }
}
