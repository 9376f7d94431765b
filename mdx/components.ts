/**
 * The attributes each of the book's components cannot do without: the required members of
 * its `Props` (src/components/*.astro). A chapter that leaves one out stops the build, or
 * renders a block with nothing in it; the drift check says so first, at the element. A unit
 * test holds this table to the components' own Props.
 */
export const REQUIRED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Block: ['name'],
  Cmd: ['title', 'code'],
  ConfigMapKeys: ['name'],
  Diagram: ['source', 'alt', 'fallback'],
  Manifest: ['file'],
  ProcedureHead: ['id'],
  ProcedureLinks: ['ids'],
  V: ['k'],
  Warning: ['title'],
};
