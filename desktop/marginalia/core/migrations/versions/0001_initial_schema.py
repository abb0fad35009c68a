"""Initial schema: articles with raw input, tags, highlights, colour meanings, index debt.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('author', sa.String(), nullable=True),
    sa.Column('site', sa.String(), nullable=True),
    sa.Column('url', sa.String(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('imported', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(), nullable=True),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('blocks_json', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('is_read', sa.Boolean(), nullable=False),
    sa.Column('read_position', sa.Integer(), nullable=False),
    sa.Column('highlight_count', sa.Integer(), nullable=False),
    sa.Column('cleaner_version', sa.Integer(), nullable=False),
    sa.Column('source_path', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_imported'), ['imported'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_is_read'), ['is_read'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_url'), ['url'], unique=False)

    op.create_table('color_meaning',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('hex', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('index_debt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'target_id')
    )
    op.create_table('setting',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('article_tag',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag_id')
    )
    with op.batch_alter_table('article_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_tag_tag_id'), ['tag_id'], unique=False)

    op.create_table('highlight',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('exact', sa.String(), nullable=False),
    sa.Column('prefix', sa.String(), nullable=False),
    sa.Column('suffix', sa.String(), nullable=False),
    sa.Column('color', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('orphan', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('highlight', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_highlight_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_highlight_deleted'), ['deleted'], unique=False)

    op.create_table('raw_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('raw_hash', sa.String(), nullable=False),
    sa.Column('filename', sa.String(), nullable=True),
    sa.Column('source_path', sa.String(), nullable=True),
    sa.Column('encoding', sa.String(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('imported', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id')
    )
    with op.batch_alter_table('raw_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_raw_input_raw_hash'), ['raw_hash'], unique=False)

    op.create_table('highlight_tag',
    sa.Column('highlight_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['highlight_id'], ['highlight.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('highlight_id', 'tag_id')
    )
    with op.batch_alter_table('highlight_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_highlight_tag_tag_id'), ['tag_id'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('highlight_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_highlight_tag_tag_id'))

    op.drop_table('highlight_tag')
    with op.batch_alter_table('raw_input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_raw_input_raw_hash'))

    op.drop_table('raw_input')
    with op.batch_alter_table('highlight', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_highlight_deleted'))
        batch_op.drop_index(batch_op.f('ix_highlight_article_id'))

    op.drop_table('highlight')
    with op.batch_alter_table('article_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_tag_tag_id'))

    op.drop_table('article_tag')
    op.drop_table('tag')
    op.drop_table('setting')
    op.drop_table('index_debt')
    op.drop_table('color_meaning')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_url'))
        batch_op.drop_index(batch_op.f('ix_article_published'))
        batch_op.drop_index(batch_op.f('ix_article_is_read'))
        batch_op.drop_index(batch_op.f('ix_article_imported'))
        batch_op.drop_index(batch_op.f('ix_article_content_hash'))

    op.drop_table('article')

