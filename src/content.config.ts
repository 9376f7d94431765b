import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { procedureSchema } from './lib/procedure-schema.ts';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    // Procedure pages (runbooks/*.mdx) carry their symptoms and search words as data.
    schema: docsSchema({ extend: z.object({ procedure: procedureSchema.optional() }) }),
  }),
  // The book's wording of Starlight's own labels (src/content/i18n/en.json).
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
