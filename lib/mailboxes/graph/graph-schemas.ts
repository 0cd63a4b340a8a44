import { z } from 'zod';

// The parts of Graph's documented shapes the source reads (message, attachment, mailFolder
// resources and their collections); anything else in the answers is ignored.

const ZId = z.string().min(1).max(1024);

export const ZGraphMessage = z.object({
  id: ZId,
  receivedDateTime: z.string().max(64).nullish(),
  subject: z.string().max(10_000).nullish(),
  hasAttachments: z.boolean().nullish(),
  categories: z.array(z.string().max(255)).max(100).nullish(),
});
export type TGraphMessage = z.infer<typeof ZGraphMessage>;

export const ZGraphMessagePage = z.object({
  value: z.array(ZGraphMessage).max(1000),
  '@odata.nextLink': z.string().max(8192).optional(),
});

export const ZGraphAttachment = z.object({
  '@odata.type': z.string().max(200),
  id: ZId,
  name: z.string().max(1024).nullish(),
  contentType: z.string().max(255).nullish(),
  size: z.number().int().nonnegative().nullish(),
  isInline: z.boolean().nullish(),
});
export type TGraphAttachment = z.infer<typeof ZGraphAttachment>;

export const ZGraphAttachmentList = z.object({ value: z.array(ZGraphAttachment).max(500) });

export const ZGraphFolder = z.object({
  id: ZId,
  displayName: z.string().max(1024).nullish(),
  totalItemCount: z.number().int().nonnegative().nullish(),
});
export type TGraphFolder = z.infer<typeof ZGraphFolder>;

export const ZGraphFolderList = z.object({ value: z.array(ZGraphFolder).max(1000), '@odata.nextLink': z.string().max(8192).optional() });
