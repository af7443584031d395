import { CompileError, ProjectError, formatLocation, positionAt, type OppError, type SourceLocation } from '../errors/index.js';
import type { DocBlock } from '../manifest/index.js';
import type { ProjectFile } from '../project/index.js';
import { findBlocks } from './block-scanner.js';

/**
 * `{% docs name %}...{% enddocs %}` blocks of the project's `.md` files → `DocBlock`s (`doc.<project>.<name>`).
 * The body is kept verbatim, trimmed as dbt trims it.
 */
export function parseDocsFiles(
  files: readonly ProjectFile[],
  projectName: string,
  errors: OppError[],
): { docs: Record<string, DocBlock>; byName: Map<string, DocBlock> } {
  const docs: Record<string, DocBlock> = {};
  const byName = new Map<string, DocBlock>();
  const where = new Map<string, SourceLocation>();
  for (const file of files) {
    const { blocks, unclosed } = findBlocks(file.content, ['docs']);
    for (const u of unclosed) {
      const pos = positionAt(file.content, u.start);
      errors.push(
        new CompileError('compile/template-syntax', `{% docs ${u.args} %} is not closed`, {
          location: { file: file.path, line: pos.line, column: pos.column },
          hint: 'close the block with {% enddocs %}',
        }),
      );
    }
    for (const b of blocks) {
      const pos = positionAt(file.content, b.start);
      const location = { file: file.path, line: pos.line, column: pos.column };
      if (!b.name) {
        errors.push(new CompileError('compile/template-syntax', '{% docs %} needs a name', { location, hint: 'write {% docs my_name %}' }));
        continue;
      }
      const first = where.get(b.name);
      if (first) {
        errors.push(
          new ProjectError('project/duplicate-name', `docs block '${b.name}' is defined twice: ${formatLocation(first)} and ${formatLocation(location)}`, {
            location,
            hint: 'rename one of the two docs blocks',
          }),
        );
        continue;
      }
      where.set(b.name, location);
      const block: DocBlock = {
        uniqueId: `doc.${projectName}.${b.name}`,
        name: b.name,
        packageName: projectName,
        originalFilePath: file.path,
        blockContents: file.content.slice(b.bodyStart, b.bodyEnd).trim(),
      };
      docs[block.uniqueId] = block;
      byName.set(b.name, block);
    }
  }
  return { docs, byName };
}
