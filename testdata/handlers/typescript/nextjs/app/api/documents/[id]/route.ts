import { NextRequest, NextResponse } from 'next/server';
import { auth } from '@/lib/auth';
import { withPermission } from '@/lib/authz';
import { prisma } from '@/lib/db';

type Params = { params: Promise<{ id: string }> };

export async function GET(req: NextRequest, { params }: Params) {
  const session = await auth();
  const { id } = await params;
  const allowed = await checkPermission(session.user.id, 'document', id, 'view');
  if (!allowed) {
    return NextResponse.json({ error: 'forbidden' }, { status: 403 });
  }
  const doc: Document | null = await prisma.document.findUnique({ where: { id } });
  return NextResponse.json(doc);
}

export const PATCH = withPermission('document', 'edit', async (req: NextRequest, { params }: Params) => {
  const { id } = await params;
  const body: DocumentUpdate = await req.json();
  return NextResponse.json(await prisma.document.update({ where: { id }, data: body }));
});

async function deleteDocument(req: NextRequest, { params }: Params) {
  const { id } = await params;
  await prisma.document.delete({ where: { id } });
  return new NextResponse(null, { status: 204 });
}

export { deleteDocument as DELETE };
