-- DropIndex
DROP INDEX "mailbox_label_key";

-- CreateIndex
CREATE UNIQUE INDEX "mailbox_organization_id_label_key" ON "mailbox"("organization_id", "label");
