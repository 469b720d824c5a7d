import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiOkResponse } from '@nestjs/swagger';
import { PermissionGuard } from '../authz/permission.guard';
import { RequirePermission } from '../authz/require-permission.decorator';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { CreateDocumentDto, UpdateDocumentDto } from './dto';
import { DocumentsService } from './documents.service';

@Controller('documents')
@UseGuards(AuthGuard('jwt'))
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: DocumentSummary, isArray: true })
  findAll(@Query('folder') folderId?: string): Promise<DocumentSummary[]> {
    return this.documents.findAll(folderId);
  }

  @Get(':id')
  @UseGuards(PermissionGuard)
  @RequirePermission('document', 'view')
  findOne(@Param('id', ParseUUIDPipe) id: string): Promise<Document> {
    return this.documents.findOne(id);
  }

  @Post()
  @UseInterceptors(AuditInterceptor)
  create(@Body() dto: CreateDocumentDto): Promise<Document> {
    return this.documents.create(dto);
  }

  @Patch(':id')
  @UseGuards(PermissionGuard)
  update(@Param('id') id: string, @Body() dto: UpdateDocumentDto) {
    return this.documents.update(id, dto);
  }

  @Delete(':id')
  @UseGuards(PermissionGuard)
  async remove(@Param('id') id: string): Promise<void> {
    await this.documents.remove(id);
  }

  @Post(':id/publish')
  publish(@Param('id') id: string) {
    return this.documents.publish(id);
  }

  private toSummary(doc: Document): DocumentSummary {
    return { id: doc.id, title: doc.title };
  }
}
